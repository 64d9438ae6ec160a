package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** Entries in a Caffeine cache weighed by their length, each expiring after its own time to live. */
final class MemoryResponseCacheStore implements ResponseCacheStore {

    static final String URI = "memory:";

    private final Cache<String, Stored> entries;
    private final LongAdder evictions = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();

    MemoryResponseCacheStore(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Stored stored) -> stored.weight(key))
                .expireAfter(new PerEntry())
                // evicting on the caller's thread keeps the byte bound exact at every return
                .executor(Runnable::run)
                .removalListener((String key, Stored stored, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.increment();
                    }
                })
                .build();
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
        requireNonNull(key, "key");
        if (closed.get()) {
            return closedFailure();
        }
        Stored stored = entries.getIfPresent(key);
        return CompletableFuture.completedFuture(stored == null ? Optional.empty() : Optional.of(stored.entry()));
    }

    @Override
    public CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
        requireNonNull(key, "key");
        requireNonNull(entry, "entry");
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)"));
        }
        if (closed.get()) {
            return closedFailure();
        }
        entries.put(key, new Stored(entry, saturatedNanos(ttl)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        requireNonNull(key, "key");
        if (closed.get()) {
            return closedFailure();
        }
        entries.invalidate(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
        requireNonNull(keyPrefix, "keyPrefix");
        if (closed.get()) {
            return closedFailure();
        }
        long removed = 0;
        for (String key : entries.asMap().keySet()) {
            if (key.startsWith(keyPrefix) && entries.asMap().remove(key) != null) {
                removed++;
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public String uri() {
        return URI;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            entries.invalidateAll();
        }
    }

    /** Entries evicted to keep within the byte bound. */
    long evictions() {
        return evictions.sum();
    }

    /** The weight of what is held now: keys and entries, in bytes. */
    long bytes() {
        return entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public String toString() {
        return "MemoryResponseCacheStore(" + entries.estimatedSize() + " entries, " + bytes() + " bytes)";
    }

    private <T> CompletableFuture<T> closedFailure() {
        return CompletableFuture.failedFuture(new ResponseCacheStoreException(URI, "the store is closed"));
    }

    private static long saturatedNanos(Duration ttl) {
        try {
            return ttl.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private record Stored(byte[] entry, long ttlNanos) {
        int weight(String key) {
            return (int) Math.min(Integer.MAX_VALUE, (long) entry.length + 2L * key.length());
        }
    }

    private static final class PerEntry implements Expiry<String, Stored> {
        @Override
        public long expireAfterCreate(String key, Stored stored, long currentTime) {
            return stored.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Stored stored, long currentTime, long currentDuration) {
            return stored.ttlNanos();
        }

        @Override
        public long expireAfterRead(String key, Stored stored, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
