package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The close frames the balancer itself sends when one side of a WebSocket goes away: status code and
 * reason (RFC 6455 §5.5.1), masked toward the backend as a client must, unmasked toward the client.
 */
final class WebSocketCloseFrame {

    /** The side went away: shut down, drained, idle, or its peer disappeared. */
    static final int GOING_AWAY = 1001;
    /** The peer failed with an error. */
    static final int INTERNAL_ERROR = 1011;

    private static final int MAX_REASON_BYTES = 123;

    private WebSocketCloseFrame() {
    }

    static ByteBuf of(ByteBufAllocator alloc, int code, String reason, boolean masked) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(text.length, MAX_REASON_BYTES);
        int payloadLength = 2 + reasonLength;
        ByteBuf frame = alloc.buffer(2 + (masked ? 4 : 0) + payloadLength);
        frame.writeByte(0x88);
        frame.writeByte((masked ? 0x80 : 0) | payloadLength);
        byte[] payload = new byte[payloadLength];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, reasonLength);
        if (masked) {
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        frame.writeBytes(payload);
        return frame;
    }
}
