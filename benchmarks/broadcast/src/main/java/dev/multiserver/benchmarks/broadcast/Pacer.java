package dev.multiserver.benchmarks.broadcast;

import java.util.concurrent.locks.LockSupport;

/** Sends at a fixed rate: message i leaves at start + i / rate, or at once when the sender is behind. */
final class Pacer {

    private final long intervalNanos;
    private final long start = System.nanoTime();

    Pacer(int perSecond) {
        this.intervalNanos = 1_000_000_000L / perSecond;
    }

    void awaitTurn(long index) {
        long due = start + index * intervalNanos;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
