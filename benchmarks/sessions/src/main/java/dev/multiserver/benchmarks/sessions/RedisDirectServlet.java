package dev.multiserver.benchmarks.sessions;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The floor under any Redis session store: the counter of {@link CounterServlet} kept by hand in a Redis hash, with
 * the two round trips {@code SessionSyncFilter} makes per request — {@code HGETALL} of the session's hash, then one
 * script that writes the attribute and the access time and moves the expiry — and nothing else: no filter, no
 * session object, no JSON. Its throughput is what the client library and the server allow for that work, so
 * {@code ms-redis / redis-direct} is the filter's own cost.
 */
final class RedisDirectServlet extends HttpServlet implements LifeCycle.Listener {

    static final String COOKIE = "FLOOR";

    private static final long MAX_INACTIVE_MILLIS = Duration.ofMinutes(30).toMillis();

    private final FloorRedis redis;

    RedisDirectServlet(FloorRedis redis) {
        this.redis = redis;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = sessionId(request);
        long next = 1;
        if (id == null) {
            id = UUID.randomUUID().toString();
            Cookie cookie = new Cookie(COOKIE, id);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            response.addCookie(cookie);
        } else {
            String n = redis.hgetall(key(id)).get("attr:n");
            next = n == null ? 1 : Long.parseLong(n) + 1;
        }
        long now = System.currentTimeMillis();
        redis.save(key(id), Long.toString(next), Long.toString(now), Long.toString(now + MAX_INACTIVE_MILLIS));
        byte[] bytes = (next + "\n").getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private static String key(String id) {
        return "floor:session:" + id;
    }

    /** Closes the connection once the server has stopped. */
    @Override
    public void lifeCycleStopped(LifeCycle event) {
        redis.close();
    }
}
