package dev.multiserver.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A generated response body of a given size whose byte {@code i} is {@code (byte) (i % 251)}, handed out in
 * chunks of at most 64 KiB so it can be written as fast as the peer reads and never held in memory whole.
 */
final class PatternBody {

    static final int CHUNK_SIZE = 64 * 1024;
    static final int PERIOD = 251;

    /** One chunk's worth of the pattern plus a period, so any chunk is a slice starting at {@code offset % 251}. */
    private static final byte[] PATTERN = new byte[CHUNK_SIZE + PERIOD];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) (i % PERIOD);
        }
    }

    private final long size;
    private long offset;

    PatternBody(long size) {
        this.size = size;
    }

    /** The value of byte {@code index} of any pattern body. */
    static byte byteAt(long index) {
        return (byte) (index % PERIOD);
    }

    boolean isDone() {
        return offset >= size;
    }

    /** The next chunk; the caller owns it. */
    ByteBuf next(ByteBufAllocator allocator) {
        int length = (int) Math.min(CHUNK_SIZE, size - offset);
        ByteBuf chunk = allocator.buffer(length);
        chunk.writeBytes(PATTERN, (int) (offset % PERIOD), length);
        offset += length;
        return chunk;
    }
}
