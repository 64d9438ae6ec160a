package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCacheStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Cached responses in Redis, shared by every instance that uses the same server, through Lettuce; a single server
 * ({@code redis://}, {@code rediss://} for TLS) or a Redis Cluster ({@code redis-cluster://}).
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder()
 *         .sharedStore(RedisResponseCacheStore.of("redis://10.0.0.5:6379"))
 *         .build();
 *
 * RedisResponseCacheStore tuned = RedisResponseCacheStore.builder("redis-cluster://r1:6379,r2:6379")
 *         .timeout(Duration.ofMillis(200))   // a slow shared tier must not slow every request
 *         .namespace("shop")
 *         .build();
 * }</pre>
 *
 * <p>Entry {@code KEY} is the string {@code NAMESPACE:cache:KEY} holding the cache's bytes, written with
 * {@code SET ... PX} so Redis expires it. {@link #deleteByPrefix} walks the key space with {@code SCAN MATCH}
 * (on every master of a cluster) and removes what it finds with {@code UNLINK}, a batch at a time; it is not
 * atomic, so an entry written while it runs may survive.
 *
 * <p>The store connects on first use; calls never block the caller, and fail within the timeout (default 2 s),
 * at once while Redis is known to be down, with a {@link dev.multiserver.cache.ResponseCacheStoreException}
 * naming the URI. Lettuce reconnects by itself when Redis returns.
 */
public final class RedisResponseCacheStore implements ResponseCacheStore {

    private static final int SCAN_BATCH = 1000;
    // Redis refuses an expiry that overflows its clock; a century is forever for a cached response
    private static final long MAX_TTL_MILLIS = Duration.ofDays(36_500).toMillis();

    private final String uri;
    private final CacheKeys keys;
    private final RedisConnector<byte[]> connector;
    private final CacheCalls calls;

    RedisResponseCacheStore(RedisStoreUri uri, RedisResponseCacheStoreBuilder.Settings settings) {
        this.uri = uri.toString();
        this.keys = new CacheKeys(settings.namespace());
        this.connector = new RedisConnector<>(uri, settings.timeout(), settings.trustedCertificates(),
                RedisEventChannel.CODEC);
        this.calls = new CacheCalls(connector, this.uri, settings.timeout());
    }

    /**
     * A store at this URI with a 2 s timeout and the namespace {@code multiserver}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisResponseCacheStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder for a store at {@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} or
     * {@code redis-cluster://host:port,host:port}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisResponseCacheStoreBuilder builder(String uri) {
        return new RedisResponseCacheStoreBuilder(RedisStoreUri.parse(uri, "response cache store",
                "set the timeout and namespace on the builder"));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
        requireNonNull(key, "key");
        String redisKey = keys.key(key);
        return calls.call("get of " + CacheKeys.shown(key),
                commands -> commands.get(redisKey).thenApply(Optional::ofNullable));
    }

    @Override
    public CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
        requireNonNull(key, "key");
        requireNonNull(entry, "entry");
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)"));
        }
        String redisKey = keys.key(key);
        SetArgs expiry = SetArgs.Builder.px(ttlMillis(ttl));
        return calls.call("put of " + CacheKeys.shown(key),
                commands -> commands.set(redisKey, entry, expiry).thenApply(ok -> null));
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        requireNonNull(key, "key");
        String redisKey = keys.key(key);
        return calls.call("delete of " + CacheKeys.shown(key),
                commands -> commands.unlink(redisKey).thenApply(count -> null));
    }

    @Override
    public CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
        requireNonNull(keyPrefix, "keyPrefix");
        ScanArgs matching = ScanArgs.Builder.matches(keys.pattern(keyPrefix)).limit(SCAN_BATCH);
        // on a cluster connection Lettuce's SCAN walks every master in turn, and UNLINK splits its keys by slot
        return calls.callUnbounded("delete by prefix " + CacheKeys.shown(keyPrefix),
                commands -> scanAndUnlink(commands, ScanCursor.INITIAL, matching, 0L));
    }

    private static CompletionStage<Long> scanAndUnlink(RedisClusterAsyncCommands<String, byte[]> commands,
            ScanCursor cursor, ScanArgs matching, long removedSoFar) {
        return commands.scan(cursor, matching).thenCompose(page -> unlink(commands, page)
                .thenCompose(removed -> page.isFinished()
                        ? CompletableFuture.completedFuture(removedSoFar + removed)
                        : scanAndUnlink(commands, page, matching, removedSoFar + removed)));
    }

    private static CompletionStage<Long> unlink(RedisClusterAsyncCommands<String, byte[]> commands,
            KeyScanCursor<String> page) {
        if (page.getKeys().isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        return commands.unlink(page.getKeys().toArray(String[]::new));
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Closes the connection and stops the client's threads; calls after this fail. */
    @Override
    public void close() {
        connector.close();
    }

    @Override
    public String toString() {
        return "RedisResponseCacheStore(" + uri + ")";
    }

    private static long ttlMillis(Duration ttl) {
        // a TTL under a millisecond still stores the entry, briefly, rather than failing the put
        long millis = ttl.compareTo(Duration.ofMillis(MAX_TTL_MILLIS)) >= 0 ? MAX_TTL_MILLIS : ttl.toMillis();
        return Math.max(1, millis);
    }
}
