package dev.multiserver.servlet.cache;

import dev.multiserver.cache.CachedResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a response the cache answered. */
final class CachedResponses {

    private CachedResponses() {
    }

    /**
     * Writes status, headers and body, and flushes: with its Content-Length the client's response is then
     * complete, whatever the request thread does next.
     */
    static void write(HttpServletResponse response, CachedResponse cached) throws IOException {
        response.setStatus(cached.status());
        ServletHeaders.write(response, cached.headers());
        if (cached.body().length > 0) {
            response.getOutputStream().write(cached.body());
        }
        response.flushBuffer();
    }
}
