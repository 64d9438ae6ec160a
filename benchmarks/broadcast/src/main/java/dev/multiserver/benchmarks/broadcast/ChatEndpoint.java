package dev.multiserver.benchmarks.broadcast;

import dev.multiserver.servlet.websocket.ClusterHub;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/** The benchmark's chat endpoint, as an application would write it: join the room, broadcast what arrives. */
public final class ChatEndpoint extends Endpoint {

    static final String ROOM = "bench";

    private final ClusterHub hub;

    public ChatEndpoint(ClusterHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        hub.join(session, ROOM);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> hub.broadcast(ROOM, text));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.leaveAll(session);
    }
}
