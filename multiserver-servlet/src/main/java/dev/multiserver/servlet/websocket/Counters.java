package dev.multiserver.servlet.websocket;

import java.util.concurrent.atomic.LongAdder;

/** The hub's counters, written from the channel's, the container's and the callers' threads. */
final class Counters {

    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder overflowClosed = new LongAdder();

    ClusterHubMetrics snapshot() {
        return new ClusterHubMetrics(published.sum(), publishFailures.sum(), received.sum(), delivered.sum(),
                dropped.sum(), overflowClosed.sum());
    }
}
