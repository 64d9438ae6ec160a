package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

/**
 * A request as a front-end received it, for {@link ResponseCache#decide(CacheRequest)}.
 *
 * <pre>{@code
 * CacheRequest request = new CacheRequest("GET", "/products?page=2",
 *         CacheHeaders.of("Host", "shop.example", "Accept-Encoding", "gzip"));
 * }</pre>
 *
 * @param method the request method, as sent ("GET")
 * @param target the request target as sent: path and query ("/a/b?x=1")
 * @param headers the request's header fields
 */
public record CacheRequest(String method, String target, CacheHeaders headers) {

    public CacheRequest {
        requireNonNull(method, "method");
        requireNonNull(target, "target");
        requireNonNull(headers, "headers");
    }

    /** The target without its query. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    CacheRequest withHeaders(CacheHeaders changed) {
        return changed == headers ? this : new CacheRequest(method, target, changed);
    }
}
