package dev.multiserver.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NettyLeakCheckTest {

    private static ResourceLeakDetector.Level previousLevel;
    private final NettyLeakCheck check = new NettyLeakCheck();

    @BeforeAll
    static void trackEveryBuffer() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLevel() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    @Test
    void reportsABufferThatWasNeverReleased() {
        check.collectLeaks();
        leakABuffer();

        assertThat(check.collectLeaks()).singleElement().satisfies(report -> assertThat(report)
                .startsWith("LEAK: ByteBuf.release() was not called")
                .contains("leakABuffer"));
        assertThat(check.collectLeaks()).isEmpty();
    }

    @Test
    void failsWithTheReportsWhenAskedToAssert() {
        check.collectLeaks();
        leakAnotherBuffer();

        assertThatThrownBy(check::assertNoLeaks)
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 Netty resource leak(s) detected:")
                .hasMessageContaining("leakAnotherBuffer");
    }

    @Test
    void releasedBuffersAreNotLeaks() {
        check.collectLeaks();
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
        buffer.release();

        check.assertNoLeaks();
    }

    private static void leakABuffer() {
        PooledByteBufAllocator.DEFAULT.directBuffer(16).writeLong(42);
    }

    private static void leakAnotherBuffer() {
        PooledByteBufAllocator.DEFAULT.heapBuffer(16).writeLong(43);
    }
}
