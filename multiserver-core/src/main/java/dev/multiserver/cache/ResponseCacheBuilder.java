package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link ResponseCache}. Every setter checks its argument; an option set twice, or options that
 * contradict each other, are refused; {@link #build()} leaves the builder reusable.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder()
 *     .maxBytes(512L << 20)                       // the memory tier
 *     .sharedStore(redisStore)                    // optional second tier shared by every instance
 *     .maxObjectSize(2L << 20)
 *     .rule(CacheRule.path("/static/*").defaultTtl(Duration.ofHours(1)))
 *     .cacheStatusHeader("X-Cache")
 *     .build();
 * }</pre>
 */
public final class ResponseCacheBuilder {

    static final long DEFAULT_MAX_BYTES = 256L << 20;
    static final long DEFAULT_MAX_OBJECT_SIZE = 8L << 20;
    static final Duration DEFAULT_COLLAPSE_TIMEOUT = Duration.ofSeconds(10);

    private ResponseCacheStore store;
    private ResponseCacheStore sharedStore;
    private Long maxBytes;
    private Long maxObjectSize;
    private final List<CacheRule> rules = new ArrayList<>();
    private Boolean storeResponsesWithSetCookie;
    private String cacheStatusHeader;
    private boolean noCacheStatusHeader;
    private Duration collapseTimeout;
    private Clock clock;

    ResponseCacheBuilder() {
    }

    /**
     * The first tier, instead of a memory store of {@link #maxBytes} (256 MiB by default). The cache closes it
     * when it closes.
     */
    public ResponseCacheBuilder store(ResponseCacheStore store) {
        requireNonNull(store, "store");
        checkUnset(this.store, "store");
        this.store = store;
        return this;
    }

    /** A second tier behind the first (Redis, Memcached), shared by instances. The cache closes it when it closes. */
    public ResponseCacheBuilder sharedStore(ResponseCacheStore sharedStore) {
        requireNonNull(sharedStore, "sharedStore");
        checkUnset(this.sharedStore, "sharedStore");
        this.sharedStore = sharedStore;
        return this;
    }

    /** The size of the default memory tier, in bytes. */
    public ResponseCacheBuilder maxBytes(long maxBytes) {
        checkPositive("maxBytes", maxBytes);
        checkUnset(this.maxBytes, "maxBytes");
        this.maxBytes = maxBytes;
        return this;
    }

    /** Responses larger than this pass through without being stored; 8 MiB by default. */
    public ResponseCacheBuilder maxObjectSize(long maxObjectSize) {
        checkPositive("maxObjectSize", maxObjectSize);
        checkUnset(this.maxObjectSize, "maxObjectSize");
        if (maxObjectSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxObjectSize: " + maxObjectSize + " (expected: < 2 GiB)");
        }
        this.maxObjectSize = maxObjectSize;
        return this;
    }

    /**
     * Which requests the cache takes part in; the first match applies. Without rules every GET and HEAD is
     * considered (and cached only as its response's headers allow); with rules, requests that match none bypass.
     */
    public ResponseCacheBuilder rule(CacheRule... rules) {
        requireNonNull(rules, "rules");
        for (CacheRule rule : rules) {
            requireNonNull(rule, "rules[]");
        }
        this.rules.addAll(List.of(rules));
        return this;
    }

    /**
     * Whether responses carrying Set-Cookie may be stored (false by default). When true, the stored copy has no
     * Set-Cookie: only the client whose request brought the response receives the cookie.
     */
    public ResponseCacheBuilder storeResponsesWithSetCookie(boolean store) {
        checkUnset(storeResponsesWithSetCookie, "storeResponsesWithSetCookie");
        this.storeResponsesWithSetCookie = store;
        return this;
    }

    /** The response header that tells HIT, MISS, STALE or BYPASS; "X-Cache" by default. */
    public ResponseCacheBuilder cacheStatusHeader(String name) {
        requireNonNull(name, "name");
        if (noCacheStatusHeader || cacheStatusHeader != null) {
            throw new IllegalStateException("cacheStatusHeader: already set");
        }
        CacheHeaders.of(name, "HIT");
        this.cacheStatusHeader = name;
        return this;
    }

    /** Sends no cache status header. */
    public ResponseCacheBuilder noCacheStatusHeader() {
        if (noCacheStatusHeader || cacheStatusHeader != null) {
            throw new IllegalStateException("cacheStatusHeader: already set");
        }
        this.noCacheStatusHeader = true;
        return this;
    }

    /** How long requests collapsed behind a miss wait for its response before forwarding themselves; 10 s. */
    public ResponseCacheBuilder collapseTimeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("collapseTimeout: " + timeout + " (expected: > 0)");
        }
        checkUnset(collapseTimeout, "collapseTimeout");
        this.collapseTimeout = timeout;
        return this;
    }

    /** The clock freshness is measured with; for tests. */
    public ResponseCacheBuilder clock(Clock clock) {
        requireNonNull(clock, "clock");
        checkUnset(this.clock, "clock");
        this.clock = clock;
        return this;
    }

    public ResponseCache build() {
        if (store != null && maxBytes != null) {
            throw new IllegalStateException("maxBytes: sizes the default memory store, but store(" + store.uri()
                    + ") was given; size that store instead");
        }
        if (store != null && store == sharedStore) {
            throw new IllegalStateException("sharedStore: the same store as store(" + store.uri() + ")");
        }
        ResponseCacheStore first = store != null ? store
                : ResponseCacheStore.memory(maxBytes != null ? maxBytes : DEFAULT_MAX_BYTES);
        Engine engine = new Engine(new Tiers(first, sharedStore),
                clock != null ? clock : Clock.systemUTC(),
                maxObjectSize != null ? maxObjectSize : DEFAULT_MAX_OBJECT_SIZE,
                storeResponsesWithSetCookie != null && storeResponsesWithSetCookie,
                noCacheStatusHeader ? null : cacheStatusHeader != null ? cacheStatusHeader : "X-Cache",
                List.copyOf(rules),
                collapseTimeout != null ? collapseTimeout : DEFAULT_COLLAPSE_TIMEOUT);
        return new ResponseCache(engine);
    }

    private static void checkPositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    private static void checkUnset(Object current, String name) {
        if (current != null) {
            throw new IllegalStateException(name + ": already set");
        }
    }
}
