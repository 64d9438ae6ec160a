package dev.multiserver.cache;

import java.util.concurrent.atomic.LongAdder;

/** The cache's running counts. */
final class Counters {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder bypasses = new LongAdder();
    final LongAdder stored = new LongAdder();
    final LongAdder notStored = new LongAdder();

    CacheMetrics snapshot(ResponseCacheStore first) {
        long evictions = -1;
        long bytes = -1;
        if (first instanceof MemoryResponseCacheStore memory) {
            evictions = memory.evictions();
            bytes = memory.bytes();
        }
        return new CacheMetrics(hits.sum(), misses.sum(), stale.sum(), bypasses.sum(), stored.sum(),
                notStored.sum(), evictions, bytes);
    }
}
