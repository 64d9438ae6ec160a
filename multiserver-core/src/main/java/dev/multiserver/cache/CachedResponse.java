package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

/**
 * A complete response that a front-end writes out as it is: status, final headers and body. A response served for
 * a HEAD request, and a 304, have an empty body. The body array is shared with the cache: do not modify it.
 *
 * <pre>{@code
 * if (decision instanceof CacheDecision.Serve serve) {
 *     CachedResponse response = serve.response();
 *     write(response.status(), response.headers(), response.body());
 * }
 * }</pre>
 *
 * @param status the status code
 * @param headers the header fields, including {@code Age} and the cache status header
 * @param body the body bytes
 */
public record CachedResponse(int status, CacheHeaders headers, byte[] body) {

    public CachedResponse {
        requireNonNull(headers, "headers");
        requireNonNull(body, "body");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100-999)");
        }
    }

    @Override
    public String toString() {
        return "CachedResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
