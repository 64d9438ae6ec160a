package dev.multiserver.memcached;

import static java.util.Objects.requireNonNull;

import com.spotify.folsom.BinaryMemcacheClient;
import com.spotify.folsom.MemcacheStatus;
import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached responses in Memcached, shared by every instance that uses the same servers; several servers share the
 * entries by consistent hashing (ketama), over memcached's binary protocol.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder()
 *         .sharedStore(MemcachedResponseCacheStore.of("memcached://m1:11211,m2:11211"))
 *         .build();
 *
 * MemcachedResponseCacheStore tuned = MemcachedResponseCacheStore.builder("memcached://m1")
 *         .timeout(Duration.ofMillis(200))
 *         .maxItemSize(8 << 20)               // the servers run with -I 8m
 *         .build();
 * }</pre>
 *
 * <p>The cache's keys are longer than memcached allows, so entry {@code KEY} is the item
 * {@code NAMESPACE:cache:SHA256(KEY)}, which also holds {@code KEY} itself: a read that finds another key's item
 * there answers empty. Memcached counts time to live in whole seconds on a coarse clock, so an entry lives at least
 * its time to live and at most about a second longer, and at most 365 days.
 *
 * <p>Memcached cannot list its keys, so this store cannot delete by prefix. It can purge everything: each item
 * carries the generation of the namespace it was written in, kept in the item {@code NAMESPACE:cache:generation},
 * and {@code deleteByPrefix("")} moves the generation on, which makes every older item unreadable (memcached drops
 * them as they expire or as memory is needed). It answers 0, having counted nothing. Any other prefix fails with a
 * {@link ResponseCacheStoreException} that says so; {@link dev.multiserver.cache.ResponseCache#purge} of a
 * single target then still deletes from the first tier, but not from this one. A read fetches the generation
 * alongside the entry, in one round trip; a write reads it first. Should memcached evict or lose the generation, a
 * new random one starts, which is a purge.
 *
 * <p>An entry larger than the servers' item size limit (memcached's {@code -I}, 1 MiB by default; tell the store
 * with {@link MemcachedResponseCacheStoreBuilder#maxItemSize}) is refused with a
 * {@link ResponseCacheStoreException} and nothing is written: the cache then simply does not share it. Every call
 * fails within the timeout, at once while a server it needs is down; the client reconnects by itself.
 */
public final class MemcachedResponseCacheStore implements ResponseCacheStore {

    private static final Logger log = LoggerFactory.getLogger(MemcachedResponseCacheStore.class);

    // memcached's item header, with CAS, plus the key's terminator; measured on 64-bit memcached 1.6
    private static final int ITEM_OVERHEAD = 64;
    private static final Duration MAX_TTL = Duration.ofDays(365);
    private static final long MAX_FIRST_GENERATION = 1L << 62;

    private final String uri;
    private final Duration timeout;
    private final CacheKeys keys;
    private final int maxItemSize;
    private final ConnectionLog connectionLog;
    private final BinaryMemcacheClient<byte[]> client;
    private final AtomicBoolean closed = new AtomicBoolean();

    MemcachedResponseCacheStore(MemcachedAddresses addresses, Duration timeout, String namespace, int maxItemSize) {
        this.uri = addresses.uri();
        this.timeout = timeout;
        this.keys = new CacheKeys(namespace);
        this.maxItemSize = maxItemSize;
        this.connectionLog = new ConnectionLog(uri);
        this.client = MemcachedClients.connect(addresses, uri, timeout, connectionLog);
    }

    /**
     * Opens a store at {@code memcached://host[:port][,host[:port]...]} (port 11211 by default) with a timeout of
     * 2 s, the namespace {@code multiserver} and an item size limit of 1 MiB.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed
     */
    public static MemcachedResponseCacheStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * Starts building a store at {@code memcached://host[:port][,host[:port]...]}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed
     */
    public static MemcachedResponseCacheStoreBuilder builder(String uri) {
        return new MemcachedResponseCacheStoreBuilder(MemcachedAddresses.parse(uri, "response cache store"));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
        requireNonNull(key, "key");
        AsyncCall call = call("get of " + CacheKeys.shown(key));
        if (closed.get()) {
            return CompletableFuture.failedFuture(call.refused("the store is closed"));
        }
        return call.bound(client.get(List.of(keys.generation(), keys.of(key)))).thenApply(items -> {
            byte[] generation = items.get(0);
            byte[] item = items.get(1);
            if (generation == null || item == null) {
                return Optional.empty();
            }
            return parseGeneration(generation).flatMap(current -> CacheItem.decode(item, current, key));
        });
    }

    @Override
    public CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
        requireNonNull(key, "key");
        requireNonNull(entry, "entry");
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)"));
        }
        AsyncCall call = call("put of " + CacheKeys.shown(key));
        if (closed.get()) {
            return CompletableFuture.failedFuture(call.refused("the store is closed"));
        }
        String itemKey = keys.of(key);
        long size = (long) entry.length + key.getBytes(StandardCharsets.UTF_8).length + 13 + itemKey.length()
                + ITEM_OVERHEAD;
        if (size > maxItemSize) {
            return CompletableFuture.failedFuture(tooLarge(call, entry.length, "the item size limit is "
                    + maxItemSize + " bytes"));
        }
        int seconds = ttlSeconds(ttl);
        return call.bound(currentGeneration()).thenCompose(generation -> call.bound(
                client.set(itemKey, CacheItem.encode(generation, key, entry), seconds)))
                .thenApply(status -> {
                    if (status == MemcacheStatus.VALUE_TOO_LARGE) {
                        throw tooLarge(call, entry.length, "memcached refused it as larger than its item size "
                                + "limit (its -I is smaller than this store's maxItemSize of " + maxItemSize + ")");
                    }
                    if (status != MemcacheStatus.OK) {
                        throw call.refused("memcached answered " + status);
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        requireNonNull(key, "key");
        AsyncCall call = call("delete of " + CacheKeys.shown(key));
        if (closed.get()) {
            return CompletableFuture.failedFuture(call.refused("the store is closed"));
        }
        return call.bound(client.delete(keys.of(key))).thenApply(status -> {
            if (status != MemcacheStatus.OK && status != MemcacheStatus.KEY_NOT_FOUND) {
                throw call.refused("memcached answered " + status);
            }
            return null;
        });
    }

    /** Purges every entry when {@code keyPrefix} is empty and answers 0; fails for any other prefix. */
    @Override
    public CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
        requireNonNull(keyPrefix, "keyPrefix");
        AsyncCall call = call("delete by prefix " + CacheKeys.shown(keyPrefix));
        if (closed.get()) {
            return CompletableFuture.failedFuture(call.refused("the store is closed"));
        }
        if (!keyPrefix.isEmpty()) {
            return CompletableFuture.failedFuture(call.refused("memcached cannot list its keys, so this store "
                    + "deletes by the empty prefix only (a purge of everything); delete entries by key instead"));
        }
        return call.bound(client.incr(keys.generation(), 1, firstGeneration(), 0)).thenApply(generation -> 0L);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connectionLog.closing();
            client.shutdown();
        }
    }

    @Override
    public String toString() {
        return "MemcachedResponseCacheStore(" + uri + (closed.get() ? ", closed" : "") + ")";
    }

    /** The namespace's generation, starting a random one if there is none. */
    private CompletionStage<Long> currentGeneration() {
        return client.incr(keys.generation(), 0, firstGeneration(), 0);
    }

    /** Random, so that a generation memcached lost is not started again at a number older items carry. */
    private static long firstGeneration() {
        return ThreadLocalRandom.current().nextLong(1, MAX_FIRST_GENERATION);
    }

    private static Optional<Long> parseGeneration(byte[] text) {
        try {
            return Optional.of(Long.parseLong(new String(text, StandardCharsets.US_ASCII).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int ttlSeconds(Duration ttl) {
        Duration bounded = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        // memcached's clock ticks once a second: one more second keeps the entry for at least its ttl
        return (int) (bounded.toSeconds() + (bounded.toNanosPart() == 0 ? 0 : 1) + 1);
    }

    /** Folsom fails calls until it has connected: wait for that once, up to the timeout, while the store is built. */
    private AsyncCall call(String operation) {
        return new AsyncCall(uri, operation, timeout);
    }

    private static ResponseCacheStoreException tooLarge(AsyncCall call, int length, String limit) {
        return call.refused("the entry is " + length + " bytes, too large for memcached: " + limit
                + "; nothing was written. Raise memcached's -I and the store's maxItemSize to share larger entries");
    }
}
