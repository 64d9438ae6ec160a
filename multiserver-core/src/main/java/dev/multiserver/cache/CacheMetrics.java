package dev.multiserver.cache;

/**
 * Counts since the cache was built, read with {@link ResponseCache#metrics()}.
 *
 * <pre>{@code
 * CacheMetrics m = cache.metrics();
 * double hitRatio = (double) m.hits() / Math.max(1, m.hits() + m.misses());
 * }</pre>
 *
 * @param hits responses served fresh from the cache (a stale entry refreshed by a 304 from upstream counts as
 *     the miss that asked upstream)
 * @param misses requests forwarded upstream that the cache could have answered had it held the response
 * @param stale stale responses served (stale-while-revalidate, stale-if-error)
 * @param bypasses requests the cache did not take part in
 * @param stored responses written to the cache
 * @param notStored upstream responses to cacheable requests that could not be stored (not cacheable, too large,
 *     broken off)
 * @param evictions entries the memory tier evicted to stay within its byte bound; -1 when the first tier is not
 *     the memory store
 * @param bytes the size of the memory tier's keys and entries; -1 when the first tier is not the memory store
 */
public record CacheMetrics(long hits, long misses, long stale, long bypasses, long stored, long notStored,
        long evictions, long bytes) {
}
