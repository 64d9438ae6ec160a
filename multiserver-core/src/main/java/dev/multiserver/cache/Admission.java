package dev.multiserver.cache;

import java.util.Optional;

/**
 * One upstream exchange's way back into the cache. Every {@link CacheDecision.Forward} and {@link Revalidation}
 * ends in exactly one of: {@link #onResponse} (then, when it returns a recorder, {@link BodyRecorder#complete()} or
 * {@link BodyRecorder#abort()}), {@link #onError}, or {@link #abandon()}. Until it does, requests collapsed behind
 * it wait (at most the cache's collapse timeout). The methods never block; they may be called from any thread.
 *
 * <pre>{@code
 * ResponseStart start = admission.onResponse(status, headers);
 * writeHead(status, start.clientHeaders());
 * start.recorder().ifPresent(recorder -> body.forEach(recorder::append)); // then recorder.complete()
 * }</pre>
 */
public interface Admission {

    /**
     * The upstream response's head arrived: what to send the client, and whether to copy the body into the cache.
     *
     * @throws IllegalStateException when this exchange has already ended
     */
    ResponseStart onResponse(int status, CacheHeaders headers);

    /**
     * Upstream failed: status 0 for a connect error or timeout, or a 5xx it answered. Returns a stale copy to serve
     * instead when stale-if-error allows it. Either way this ends the exchange: nothing of a 5xx is stored.
     */
    Optional<CachedResponse> onError(int status);

    /** The client went away or upstream broke before a response head: requests collapsed behind this one forward themselves. */
    void abandon();
}
