package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the cache answers when an upstream response head arrives.
 *
 * <pre>{@code
 * ResponseStart start = admission.onResponse(304, headers);
 * if (start.replacement().isPresent()) {
 *     write(start.replacement().get());        // the refreshed entry (or a 304 for a conditional client)
 * } else {
 *     writeHead(status, start.clientHeaders()); // and stream the body, copying it into start.recorder()
 * }
 * }</pre>
 *
 * @param clientHeaders what to send the client: the cache status header set, Set-Cookie kept for this client
 * @param recorder present when the body should be copied into the cache while it streams
 * @param replacement upstream answered 304 to the cache's own conditional request: serve this refreshed entry
 *     instead of the 304 (a 304 itself when the client's conditional matches it)
 */
public record ResponseStart(CacheHeaders clientHeaders, Optional<BodyRecorder> recorder,
        Optional<CachedResponse> replacement) {

    public ResponseStart {
        requireNonNull(clientHeaders, "clientHeaders");
        requireNonNull(recorder, "recorder");
        requireNonNull(replacement, "replacement");
    }

    static ResponseStart pass(CacheHeaders clientHeaders) {
        return new ResponseStart(clientHeaders, Optional.empty(), Optional.empty());
    }
}
