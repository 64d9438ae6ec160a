package dev.multiserver.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/cached}: cacheable for 10 s by any shared cache; the body says who generated it and when, so a
 * repeated body shows that the cache answered.
 */
final class CachedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String CACHE_CONTROL = "public, max-age=10";

    private final transient Supplier<String> workerId;
    private final transient Clock clock;

    CachedServlet(Supplier<String> workerId, Clock clock) {
        this.workerId = workerId;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("worker", workerId.get());
        body.put("generatedAt", clock.instant().toString());
        response.setHeader("Cache-Control", CACHE_CONTROL);
        JsonResponses.write(response, HttpServletResponse.SC_OK, body);
    }
}
