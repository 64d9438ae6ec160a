package dev.multiserver.servlet.cache;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The application behind the filter: each test scripts its answer per path and counts its calls. */
final class ScriptedServlet extends HttpServlet {

    /** One answer. */
    @FunctionalInterface
    interface Script {
        void answer(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    /** What the application saw of one call. */
    record Call(String method, String target, String ifNoneMatch, String ifModifiedSince) {
    }

    private final Clock clock;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final List<Call> seen = new CopyOnWriteArrayList<>();

    ScriptedServlet(Clock clock) {
        this.clock = clock;
    }

    void on(String path, Script script) {
        scripts.put(path, script);
    }

    int calls(String path) {
        AtomicInteger count = calls.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        seen.add(new Call(request.getMethod(), path, request.getHeader("If-None-Match"),
                request.getHeader("If-Modified-Since")));
        Script script = scripts.get(path);
        if (script == null) {
            response.sendError(404);
            return;
        }
        // the origin's clock is the cache's: a Date behind it would make every response arrive already aged
        response.setDateHeader("Date", clock.millis());
        try {
            script.answer(request, response);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
