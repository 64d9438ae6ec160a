package dev.multiserver.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector reports a buffer (or any other tracked resource) that was
 * garbage-collected without being released while the class ran.
 *
 * <pre>{@code
 * @ExtendWith(NettyLeakCheck.class)
 * class UpstreamHandlerTest { ... }
 * }</pre>
 *
 * <p>It replaces Netty's leak-detector factory with one whose detectors record every report (and still log
 * it). Netty creates the {@code ByteBuf} detector once, when the first buffer class is initialized, so the check
 * only covers buffers if it is installed before any Netty buffer exists in the JVM; otherwise it logs a warning.
 * The reliable way is to let JUnit load it before any test class, through the service file this jar ships,
 * by enabling extension auto-detection in the test module's {@code src/test/resources/junit-platform.properties}:
 * <pre>
 * junit.jupiter.extensions.autodetection.enabled=true
 * </pre>
 * Every test class then gets the check without annotations.
 *
 * <p>After a class, the check runs the garbage collector and allocates a few buffers so pending reports are
 * made, then fails with the reports. Leaks are attributed to the class during which they were reported, which
 * is exact only when classes do not run in parallel. The reports say where a buffer was last touched only at
 * {@code -Dio.netty.leakDetection.level=paranoid} (the build's setting); at lower levels leaks are sampled.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final Logger log = LoggerFactory.getLogger(NettyLeakCheck.class);
    private static final int GC_ROUNDS = 3;
    private static final int PROBE_ALLOCATIONS = 64;
    private static final long GC_WAIT_MILLIS = 100;

    private final LeakRecorder recorder;

    /** Installs the recording leak-detector factory (once per JVM). */
    public NettyLeakCheck() {
        recorder = LeakRecorder.install();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        warnIfBuffersUncovered();
        List<String> earlier = recorder.drain();
        if (!earlier.isEmpty()) {
            log.warn("{} Netty leak(s) reported before {} started; they belong to earlier tests:\n{}",
                    earlier.size(), context.getDisplayName(), String.join("\n\n", earlier));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks();
    }

    /**
     * Makes pending leak reports happen (garbage collection, then allocations, which is when Netty looks for
     * collected buffers), then removes and returns every report recorded since the last call.
     */
    public List<String> collectLeaks() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            collectGarbage();
            allocateAndRelease();
        }
        return recorder.drain();
    }

    /**
     * Like {@link #collectLeaks()}, failing if there are any.
     *
     * @throws AssertionError listing the reports
     */
    public void assertNoLeaks() {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty resource leak(s) detected:\n\n"
                    + String.join("\n\n", leaks));
        }
    }

    /** Waits until a weakly held sentinel has been collected and enqueued, so Netty's references are too. */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(GC_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    private static void allocateAndRelease() {
        for (ByteBufAllocator allocator : List.of(
                ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
            for (int i = 0; i < PROBE_ALLOCATIONS; i++) {
                ByteBuf probe = allocator.directBuffer(1);
                probe.release();
            }
        }
    }

    private void warnIfBuffersUncovered() {
        ResourceLeakDetector<?> detector = byteBufDetector();
        if (detector != null && !recorder.records(detector)) {
            log.warn("NettyLeakCheck cannot see ByteBuf leaks: Netty created its buffer leak detector before the "
                    + "check was installed. Enable junit.jupiter.extensions.autodetection.enabled=true in "
                    + "src/test/resources/junit-platform.properties so it is installed before any test runs.");
        }
    }

    /** Netty's {@code AbstractByteBuf.leakDetector}, or {@code null} if it cannot be read. */
    private static ResourceLeakDetector<?> byteBufDetector() {
        try {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            return (ResourceLeakDetector<?>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot read AbstractByteBuf.leakDetector", e);
            return null;
        }
    }
}
