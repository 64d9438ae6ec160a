package dev.multiserver.examples.websocketchat;

import dev.multiserver.servlet.websocket.ClusterHub;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/**
 * One chat room, {@code lobby}, on every server: greets each connection with the server it is on, and says each text
 * message to the room on every server as {@code "server-N: text"}. Public because Jetty deploys public endpoint
 * classes.
 */
public final class ChatEndpoint extends Endpoint {

    private static final String ROOM = "lobby";

    private final ClusterHub hub;

    ChatEndpoint(ClusterHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        hub.join(session, ROOM);
        hub.send(hub.connectionId(session), "welcome to " + hub.nodeId());   // through the hub: one send at a time
        session.addMessageHandler(String.class, text -> hub.broadcast(ROOM, hub.nodeId() + ": " + text));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.leaveAll(session);
    }
}
