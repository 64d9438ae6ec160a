package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.Envelope;
import java.nio.ByteBuffer;

/** One WebSocket message on its way to connections: text, or binary bytes that no one modifies. */
record Outgoing(String text, byte[] binary) {

    static Outgoing text(String text) {
        return new Outgoing(text, null);
    }

    static Outgoing binary(byte[] bytes) {
        return new Outgoing(null, bytes);
    }

    static Outgoing of(Envelope envelope) {
        return envelope.binary() ? binary(envelope.payload()) : text(envelope.text());
    }

    boolean isBinary() {
        return binary != null;
    }

    /** A buffer of its own for each send, since sending moves a buffer's position. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(binary).asReadOnlyBuffer();
    }
}
