/**
 * Response caching: the {@link dev.multiserver.cache.ResponseCache} engine (an RFC 9111 shared cache with request
 * collapsing, stale-while-revalidate and stale-if-error) that the servlet filter and the balancer's edge cache
 * drive, the values they exchange with it, and the {@link dev.multiserver.cache.ResponseCacheStore} SPI with its
 * in-memory store.
 *
 * <p>A front-end asks {@link dev.multiserver.cache.ResponseCache#decide} for each request. The answer is either a
 * complete response to write, or a request to forward with an {@link dev.multiserver.cache.Admission} that takes
 * the upstream response back: its head decides whether the body is copied into the cache while it streams to the
 * client, so a miss costs no extra latency.
 *
 * <p>Entries live under keys built from the request target: "i TARGET" holds what the target's responses vary on,
 * "v TARGET ..." each variant. Stores see opaque bytes with a time to live.
 */
package dev.multiserver.cache;
