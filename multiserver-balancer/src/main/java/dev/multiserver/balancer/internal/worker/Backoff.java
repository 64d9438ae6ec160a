package dev.multiserver.balancer.internal.worker;

import java.time.Duration;

/** The wait before respawning a worker: exponential in the crashes in a row, capped. */
final class Backoff {

    private Backoff() {
    }

    /** {@code initial × 2^(crashesInARow − 1)}, at most {@code max}, without overflowing. */
    static Duration delay(Duration initial, Duration max, int crashesInARow) {
        long first = initial.toNanos();
        long cap = max.toNanos();
        int shift = Math.min(Math.max(crashesInARow - 1, 0), 62);
        long nanos = first > (cap >> shift) ? cap : first << shift;
        return Duration.ofNanos(Math.min(nanos, cap));
    }
}
