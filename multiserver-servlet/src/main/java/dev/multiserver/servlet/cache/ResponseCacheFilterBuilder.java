package dev.multiserver.servlet.cache;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCache;
import java.time.Duration;

/**
 * Configures a {@link ResponseCacheFilter}. Setters check their value at once and refuse being called twice;
 * {@link #build()} can be called again.
 *
 * <pre>{@code
 * ResponseCacheFilter filter = ResponseCacheFilter.builder(cache)
 *         .decisionTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 */
public final class ResponseCacheFilterBuilder {

    static final Duration DEFAULT_DECISION_TIMEOUT = Duration.ofSeconds(15);

    private final ResponseCache cache;
    private Duration decisionTimeout;

    ResponseCacheFilterBuilder(ResponseCache cache) {
        this.cache = requireNonNull(cache, "cache");
    }

    /**
     * How long a request waits for the cache's answer (a shared store's lookup, or a collapsed miss's leader)
     * before it goes to the application uncached; 15 s by default. Keep it above the cache's collapse timeout
     * (10 s by default), or requests collapsed behind a slow miss go to the application too.
     */
    public ResponseCacheFilterBuilder decisionTimeout(Duration decisionTimeout) {
        requireNonNull(decisionTimeout, "decisionTimeout");
        if (this.decisionTimeout != null) {
            throw new IllegalStateException("decisionTimeout was already set to " + this.decisionTimeout);
        }
        if (decisionTimeout.isNegative() || decisionTimeout.isZero()) {
            throw new IllegalArgumentException("decisionTimeout: " + decisionTimeout + " (expected: > 0)");
        }
        this.decisionTimeout = decisionTimeout;
        return this;
    }

    public ResponseCacheFilter build() {
        return new ResponseCacheFilter(cache, decisionTimeout != null ? decisionTimeout : DEFAULT_DECISION_TIMEOUT);
    }
}
