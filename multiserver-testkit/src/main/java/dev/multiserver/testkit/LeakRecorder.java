package dev.multiserver.testkit;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects the leak reports of every Netty {@link ResourceLeakDetector} created after {@link #install()}.
 *
 * <p>Netty keeps its detector factory in a static field, so this recorder is one per JVM by necessity: it is
 * the single piece of static mutable state in the testkit.
 */
final class LeakRecorder extends ResourceLeakDetectorFactory {

    private static final LeakRecorder INSTANCE = new LeakRecorder();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(INSTANCE);
    }

    private final ConcurrentLinkedQueue<String> reports = new ConcurrentLinkedQueue<>();

    private LeakRecorder() {}

    /** Installs the recorder as Netty's detector factory, once per JVM; later calls return the same one. */
    static LeakRecorder install() {
        return INSTANCE;
    }

    /** Whether {@code detector} reports to this recorder. */
    boolean records(ResourceLeakDetector<?> detector) {
        return detector instanceof RecordingDetector;
    }

    /** Removes and returns the reports recorded so far. */
    List<String> drain() {
        List<String> drained = new ArrayList<>();
        for (String report; (report = reports.poll()) != null; ) {
            drained.add(report);
        }
        return drained;
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        return new RecordingDetector<>(resource, samplingInterval, reports);
    }

    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
            Class<T> resource, int samplingInterval, long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    /** A detector that records each report before logging it as usual. */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        private final ConcurrentLinkedQueue<String> reports;

        RecordingDetector(Class<?> resource, int samplingInterval, ConcurrentLinkedQueue<String> reports) {
            super(resource, samplingInterval);
            this.reports = reports;
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            reports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            reports.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                    + " (run with -Dio.netty.leakDetection.level=paranoid to see where it was accessed)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
