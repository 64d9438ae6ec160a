package dev.multiserver.servlet.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The tests' chat endpoint at {@code /chat/{room}}: joins the room on open, broadcasts binary messages to it, and
 * takes text commands — {@code id}, {@code join R}, {@code leave R}, {@code say R TEXT}, {@code to ID TEXT}. Its
 * own replies start with {@code @} and go through the hub too, since a session has one send in flight at most.
 * Closed sessions are handed to the node, for tests of what the hub does with them.
 */
public final class ChatEndpoint extends Endpoint {   // public: Jetty deploys public endpoint classes only

    private final ClusterHub hub;
    private final List<Session> closedSessions;

    ChatEndpoint(ClusterHub hub, List<Session> closedSessions) {
        this.hub = hub;
        this.closedSessions = closedSessions;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        String room = session.getPathParameters().get("room");
        hub.join(session, room);
        String me = hub.connectionId(session);
        session.addMessageHandler(String.class, text -> command(session, me, text));
        session.addMessageHandler(ByteBuffer.class, data -> hub.broadcast(room, data));
    }

    private void command(Session session, String me, String text) {
        String[] words = text.split(" ", 3);
        switch (words[0]) {
            case "id" -> hub.send(me, "@id " + me);
            case "join" -> {
                hub.join(session, words[1]);
                hub.send(me, "@joined " + words[1]);
            }
            case "leave" -> {
                hub.leave(session, words[1]);
                hub.send(me, "@left " + words[1]);
            }
            case "say" -> hub.broadcast(words[1], words[2]);
            case "to" -> hub.send(words[1], words[2]);
            default -> hub.send(me, "@unknown " + text);
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.leaveAll(session);
        closedSessions.add(session);
    }
}
