package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a front-end does with a request: serve a response from the cache, or forward the request upstream and report
 * the exchange back through the {@link Admission}.
 *
 * <pre>{@code
 * cache.decide(request).thenAccept(decision -> {
 *     switch (decision) {
 *         case CacheDecision.Serve serve -> { write(serve.response()); serve.background().ifPresent(this::revalidate); }
 *         case CacheDecision.Forward forward -> proxy(forward.upstreamRequest(), forward.admission());
 *     }
 * });
 * }</pre>
 */
public sealed interface CacheDecision {

    /** How the cache handled the request. */
    CacheStatus status();

    /**
     * Write this out as is (headers final: Age, the cache status header; a 304 when the client's conditional
     * matched). When {@code background} is present, send its request upstream without waiting for it and feed
     * its admission.
     */
    record Serve(CacheStatus status, CachedResponse response, Optional<Revalidation> background)
            implements CacheDecision {
        public Serve {
            requireNonNull(status, "status");
            requireNonNull(response, "response");
            requireNonNull(background, "background");
        }
    }

    /**
     * Send {@code upstreamRequest} (it may carry If-None-Match / If-Modified-Since added by the cache) and report
     * the exchange to {@code admission}.
     */
    record Forward(CacheStatus status, CacheRequest upstreamRequest, Admission admission) implements CacheDecision {
        public Forward {
            requireNonNull(status, "status");
            requireNonNull(upstreamRequest, "upstreamRequest");
            requireNonNull(admission, "admission");
        }
    }
}
