package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class PatternBodyTest {

    @Test
    void handsOutTheRepeatingPatternInChunksOfAtMost64KiB() {
        long size = 3L * PatternBody.CHUNK_SIZE + 1234;
        PatternBody body = new PatternBody(size);
        PatternCheck check = new PatternCheck();
        int chunks = 0;
        while (!body.isDone()) {
            ByteBuf chunk = body.next(UnpooledByteBufAllocator.DEFAULT);
            try {
                assertThat(chunk.readableBytes()).isLessThanOrEqualTo(PatternBody.CHUNK_SIZE);
                byte[] bytes = new byte[chunk.readableBytes()];
                chunk.readBytes(bytes);
                check.accept(bytes);
                chunks++;
            } finally {
                chunk.release();
            }
        }
        assertThat(check.length()).isEqualTo(size);
        assertThat(chunks).isEqualTo(4);
    }

    @Test
    void emptyBodyIsDoneAtOnce() {
        assertThat(new PatternBody(0).isDone()).isTrue();
    }
}
