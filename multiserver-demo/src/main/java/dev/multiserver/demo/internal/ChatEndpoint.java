package dev.multiserver.demo.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multiserver.servlet.websocket.ClusterHub;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat at {@code /ws/chat?room=NAME}: joins the room on open and broadcasts each text message to the room on
 * every instance as {@code {"room": ..., "from": <worker id>, "text": ...}}. A missing or unusable room closes the
 * connection with 1008 (policy violation) and a reason naming it. Public only because Jetty deploys public
 * endpoint classes.
 */
public final class ChatEndpoint extends Endpoint {

    private static final Logger log = LoggerFactory.getLogger(ChatEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A close reason may have at most 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;

    private final ClusterHub hub;
    private final Supplier<String> workerId;

    public ChatEndpoint(ClusterHub hub, Supplier<String> workerId) {
        this.hub = requireNonNull(hub, "hub");
        this.workerId = requireNonNull(workerId, "workerId");
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        List<String> rooms = session.getRequestParameterMap().get("room");
        String room = rooms == null || rooms.isEmpty() ? "" : rooms.get(0);
        if (room.isEmpty()) {
            refuse(session, "room: missing (expected /ws/chat?room=NAME)");
            return;
        }
        try {
            hub.join(session, room);
        } catch (IllegalArgumentException e) {
            refuse(session, "room: " + e.getMessage());
            return;
        }
        session.addMessageHandler(String.class, text -> say(room, text));
    }

    private void say(String room, String text) {
        ObjectNode message = JSON.createObjectNode().put("room", room).put("from", workerId.get()).put("text", text);
        String json;
        try {
            json = JSON.writeValueAsString(message);
        } catch (JsonProcessingException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
        hub.broadcast(room, json).exceptionally(failure -> {
            // the hub has logged the outage once; local members got the message anyway
            log.debug("chat: room '{}': the other workers may miss a message: {}", room, failure.toString());
            return null;
        });
    }

    private static void refuse(Session session, String why) {
        String reason = why;
        while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            reason = reason.substring(0, reason.offsetByCodePoints(reason.length(), -1));
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
        } catch (IOException e) {
            log.debug("chat: closing a refused connection failed: {}", e.toString());
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.leaveAll(session);
    }
}
