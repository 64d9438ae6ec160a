package dev.multiserver.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The application the integration tests run on two instances: one small action per path, answered in text. */
final class TestApp extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** What the test shares with both instances: a barrier for concurrent requests, a latch to hold one. */
    static final class Controls {
        final AtomicReference<CyclicBarrier> barrier = new AtomicReference<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
    }

    private final transient Controls controls;

    TestApp(Controls controls) {
        this.controls = controls;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=utf-8");
        String name = request.getParameter("name");
        String value = request.getParameter("value");
        try {
            switch (request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo())) {
                case "/plain" -> reply(response, "plain");
                case "/set" -> {
                    HttpSession session = request.getSession();
                    session.setAttribute(name, value);
                    reply(response, "set " + session.getId());
                }
                case "/get" -> {
                    HttpSession session = request.getSession(false);
                    reply(response, session == null ? "no session" : String.valueOf(session.getAttribute(name)));
                }
                case "/names" -> {
                    List<String> names = Collections.list(request.getSession().getAttributeNames());
                    Collections.sort(names);
                    reply(response, String.join(",", names));
                }
                case "/append" -> append(request, response, name, value);
                case "/redirect" -> {
                    request.getSession().setAttribute(name, value);
                    response.sendRedirect(request.getParameter("to"));
                    // holds the request open, so only a write before the redirect can be seen by the next request
                    controls.release.await(10, TimeUnit.SECONDS);
                }
                case "/info" -> {
                    boolean valid = request.isRequestedSessionIdValid();
                    HttpSession session = request.getSession(false);
                    reply(response, "requested=" + request.getRequestedSessionId() + " valid=" + valid
                            + " session=" + (session == null ? "none" : session.getId() + (session.isNew()
                            ? " new" : " old")));
                }
                case "/change-id" -> reply(response, request.changeSessionId());
                case "/create-and-change-id" -> {
                    request.getSession().setAttribute(name, value);
                    reply(response, request.changeSessionId());
                }
                case "/invalidate" -> {
                    HttpSession session = request.getSession(false);
                    session.invalidate();
                    try {
                        session.getAttribute("a");
                        reply(response, "still usable");
                    } catch (IllegalStateException e) {
                        reply(response, "invalidated: " + e.getMessage());
                    }
                }
                case "/max-inactive" -> {
                    request.getSession().setMaxInactiveInterval(Integer.parseInt(request.getParameter("seconds")));
                    reply(response, "ok");
                }
                case "/refused" -> {
                    try {
                        request.getSession().setAttribute(name, new StringBuilder("not data"));
                        reply(response, "stored");
                    } catch (IllegalArgumentException e) {
                        response.setStatus(400);
                        reply(response, e.getMessage());
                    }
                }
                case "/together" -> {
                    HttpSession session = request.getSession(false);
                    controls.barrier.get().await(10, TimeUnit.SECONDS);
                    session.setAttribute(name, value);
                    reply(response, "ok");
                }
                case "/hold" -> {
                    HttpSession session = request.getSession(false);
                    controls.held.countDown();
                    controls.proceed.await(10, TimeUnit.SECONDS);
                    session.setAttribute(name, value);
                    reply(response, "set after hold");
                }
                case "/async" -> {
                    AsyncContext async = request.startAsync();
                    async.start(() -> {
                        try {
                            HttpServletRequest asyncRequest = (HttpServletRequest) async.getRequest();
                            asyncRequest.getSession().setAttribute(name, value);
                            reply((HttpServletResponse) async.getResponse(), "async");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        } finally {
                            async.complete();
                        }
                    });
                }
                default -> response.sendError(404);
            }
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException
                | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void append(HttpServletRequest request, HttpServletResponse response, String name, String item)
            throws IOException {
        HttpSession session = request.getSession();
        List<String> list = (List<String>) session.getAttribute(name);
        if (list == null) {
            session.setAttribute(name, new ArrayList<>(List.of(item)));
        } else {
            list.add(item); // in place, without setAttribute
        }
        reply(response, "appended");
    }

    private static void reply(HttpServletResponse response, String text) throws IOException {
        response.getWriter().print(text);
    }
}
