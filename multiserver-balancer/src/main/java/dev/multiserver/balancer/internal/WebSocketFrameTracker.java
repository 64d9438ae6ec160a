package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;

/**
 * Follows the frame structure of one direction of a WebSocket connection (RFC 6455 §5.2) as its bytes
 * pass, without copying or decoding payloads: it reads only frame headers and skips payloads by length.
 * That is what lets the tunnel relay bytes as they are and still know where a frame ends, so it can put
 * a close frame of its own on the wire when the other side goes away, and notice close frames.
 */
final class WebSocketFrameTracker {

    private static final int OPCODE_CLOSE = 0x8;
    private static final int MAX_HEADER = 14;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private long payloadLeft;
    private boolean inClose;
    private boolean sawClose;
    private boolean lost;

    /** Follows {@code bytes} (its readable bytes, left unread). */
    void track(ByteBuf bytes) {
        int index = bytes.readerIndex();
        int end = bytes.writerIndex();
        while (index < end && !lost) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, end - index);
                payloadLeft -= skip;
                index += (int) skip;
                if (payloadLeft == 0 && inClose) {
                    sawClose = true;
                }
                continue;
            }
            header[headerLength++] = bytes.getByte(index++);
            int needed = headerSize();
            if (needed > 0 && headerLength == needed) {
                startPayload();
            }
        }
    }

    /** The full header size once enough of it is known, else 0. */
    private int headerSize() {
        if (headerLength < 2) {
            return 0;
        }
        int lengthCode = header[1] & 0x7f;
        int size = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
        return headerLength >= size ? size : 0;
    }

    private void startPayload() {
        int lengthCode = header[1] & 0x7f;
        long length;
        if (lengthCode == 126) {
            length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        } else if (lengthCode == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xff);
            }
            if (length < 0) {
                // Not a valid frame (the top bit must be 0): the ends will say so; we no longer know where frames end.
                lost = true;
                return;
            }
        } else {
            length = lengthCode;
        }
        inClose = (header[0] & 0x0f) == OPCODE_CLOSE;
        if (inClose && length == 0) {
            sawClose = true;
        }
        payloadLeft = length;
        headerLength = 0;
    }

    /** Whether the bytes so far end exactly at the end of a frame, so a new frame may be sent. */
    boolean atFrameBoundary() {
        return !lost && headerLength == 0 && payloadLeft == 0;
    }

    /** Whether a whole close frame went by in this direction. */
    boolean sawClose() {
        return sawClose;
    }
}
