package dev.multiserver.benchmarks.sessions;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: one session read and one session write per request — the counter {@code n} goes up by one — and
 * the new value as the body, so that the harness can see the session survive from request to request. Without
 * sessions the body is {@code -}.
 */
final class CounterServlet extends HttpServlet {

    static final String ATTRIBUTE = "n";

    private final boolean sessions;

    CounterServlet(boolean sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = sessions ? count(request.getSession()) + "\n" : "-\n";
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        response.setContentType("text/plain");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static long count(HttpSession session) {
        // a JSON store may give the number back as Integer or Long
        long next = session.getAttribute(ATTRIBUTE) instanceof Number n ? n.longValue() + 1 : 1;
        session.setAttribute(ATTRIBUTE, next);
        return next;
    }
}
