package dev.multiserver.benchmarks.broadcast;

import java.util.Arrays;

/** Latencies in nanoseconds from many threads, and their percentiles. */
final class LatencyLog {

    private long[] values = new long[1 << 16];
    private int size;
    private boolean recording;

    synchronized void start() {
        size = 0;
        recording = true;
    }

    synchronized void stop() {
        recording = false;
    }

    synchronized void record(long nanos) {
        if (!recording) {
            return;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds, NaN when nothing was recorded. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1e6;
    }
}
