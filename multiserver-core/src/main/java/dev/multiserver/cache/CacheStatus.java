package dev.multiserver.cache;

/**
 * How the cache handled a request; front-ends send it in the cache status header ({@code X-Cache} by default).
 *
 * <pre>{@code
 * X-Cache: HIT
 * }</pre>
 */
public enum CacheStatus {
    /** Served from the cache, fresh (or refreshed by a conditional request upstream). */
    HIT,
    /** Not in the cache, or not usable without going upstream. */
    MISS,
    /** Served from the cache after its freshness ran out, as stale-while-revalidate or stale-if-error allow. */
    STALE,
    /** The cache does not take part: not a GET or HEAD, no rule matches, or the cache is closed. */
    BYPASS
}
