package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

/**
 * An HTTP response cache with the semantics of an RFC 9111 shared cache (and RFC 5861's stale-while-revalidate and
 * stale-if-error), for front-ends to drive: the servlet filter and the balancer's edge cache. A front-end asks
 * {@link #decide} for each request and either serves the answer or forwards the request and reports the upstream
 * exchange back through the decision's {@link Admission}.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder().maxBytes(64L << 20).build();
 * cache.decide(new CacheRequest("GET", "/products?page=2", headers)).thenAccept(decision -> {
 *     switch (decision) {
 *         case CacheDecision.Serve serve -> write(serve.response());
 *         case CacheDecision.Forward forward -> proxy(forward.upstreamRequest(), forward.admission());
 *     }
 * });
 * cache.purge("/products?page=2");
 * }</pre>
 *
 * <p>Nothing here blocks. With the memory store the futures are complete on return; with a remote store they
 * complete on the store client's threads, so a front-end that must stay on its own thread hops back to it.
 * A failing store makes the cache miss (logged once per outage); it never fails {@link #decide}.
 */
public final class ResponseCache implements AutoCloseable {

    private final Engine engine;

    ResponseCache(Engine engine) {
        this.engine = engine;
    }

    public static ResponseCacheBuilder builder() {
        return new ResponseCacheBuilder();
    }

    /** What to do with a request: serve it from the cache, or forward it. The future never fails. */
    public CompletableFuture<CacheDecision> decide(CacheRequest request) {
        requireNonNull(request, "request");
        return engine.decide(request);
    }

    /** Removes every stored variant of the target (path?query as sent); answers how many the first tier held. */
    public CompletableFuture<Long> purge(String target) {
        requireNonNull(target, "target");
        return engine.purge(target);
    }

    /**
     * Removes every stored response whose target starts with {@code targetPrefix}; answers how many the first tier
     * held. Fails when a store cannot delete by prefix (Memcached).
     */
    public CompletableFuture<Long> purgePrefix(String targetPrefix) {
        requireNonNull(targetPrefix, "targetPrefix");
        return engine.purgePrefix(targetPrefix);
    }

    public CacheMetrics metrics() {
        return engine.metrics();
    }

    /** Closes the stores; later requests bypass the cache. */
    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "ResponseCache(" + engine.tiers.first().uri() + ", " + metrics() + ")";
    }
}
