package dev.multiserver.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a {@link ResponseCache} keeps its entries: opaque byte arrays (the cache serializes them) under string
 * keys, each with its own time to live. The memory store is the default; Redis and Memcached stores let instances
 * share entries. Every method returns at once; a failure completes the future with a
 * {@link ResponseCacheStoreException} whose message starts with {@link #uri()}.
 *
 * <pre>{@code
 * ResponseCacheStore store = ResponseCacheStore.memory(64L << 20);   // 64 MiB
 * store.put("k", bytes, Duration.ofMinutes(5)).join();
 * Optional<byte[]> entry = store.get("k").join();
 * }</pre>
 */
public interface ResponseCacheStore extends AutoCloseable {

    /** The entry under {@code key}, or empty when there is none or it expired. */
    CompletableFuture<Optional<byte[]>> get(String key);

    /** Stores {@code entry} under {@code key} for {@code ttl}, replacing what was there. */
    CompletableFuture<Void> put(String key, byte[] entry, Duration ttl);

    /** Removes the entry under {@code key}, if any. */
    CompletableFuture<Void> delete(String key);

    /**
     * Removes every entry whose key starts with {@code keyPrefix} and answers how many there were. A store that
     * cannot fails the future with a ResponseCacheStoreException that says so.
     */
    CompletableFuture<Long> deleteByPrefix(String keyPrefix);

    /** The store's URI, without credentials: "memory:", "redis://host:6379". */
    String uri();

    /** Releases the store's connections; later calls fail. */
    @Override
    void close();

    /**
     * A store in this JVM's memory holding at most {@code maxBytes} of entries (weighed by their length); the
     * least useful entries go first when it is full.
     */
    static ResponseCacheStore memory(long maxBytes) {
        return new MemoryResponseCacheStore(maxBytes);
    }
}
