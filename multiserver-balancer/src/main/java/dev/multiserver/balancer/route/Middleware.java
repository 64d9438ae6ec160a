package dev.multiserver.balancer.route;

/**
 * Runs before local routes and the proxy, for every request, in the order added: may answer or reject it
 * (return a response), and may change the headers that go to the backend and those the client gets back
 * (through {@link HeaderEdits}). Returning {@code null} lets the request go on. It sees the request's head,
 * never its body. Runs on an event loop, so it must not block; use {@link AsyncMiddleware} for work that
 * waits.
 *
 * <pre>{@code
 * .middleware((request, edits) -> {
 *     String user = sessions.userOf(request.header("Cookie"));      // an in-memory lookup
 *     if (user == null) {
 *         return LocalResponse.text(401, "log in first\n");         // the backend never sees it
 *     }
 *     edits.setRequestHeader("X-User", user);                       // the backend sees who it is
 *     edits.removeResponseHeader("Server");                          // the client does not see this one
 *     return null;                                                   // go on
 * })
 * }</pre>
 *
 * <p>A middleware that throws makes the client get {@code 500}, and the log a line naming it.
 */
@FunctionalInterface
public interface Middleware {

    /**
     * A response to answer {@code request} with at once, or {@code null} to let it go on to the next
     * middleware, the local routes and the backends.
     */
    LocalResponse handle(LocalRequest request, HeaderEdits edits) throws Exception;

    /** Sets a header on every request sent to a backend (and seen by local routes), replacing any of that name. */
    static Middleware setRequestHeader(String name, String value) {
        return HeaderRule.set(true, name, value);
    }

    /** Removes a header from every request before it is sent to a backend (or seen by local routes). */
    static Middleware removeRequestHeader(String name) {
        return HeaderRule.remove(true, name);
    }

    /** Sets a header on every response to a client, replacing any of that name. */
    static Middleware setResponseHeader(String name, String value) {
        return HeaderRule.set(false, name, value);
    }

    /** Removes a header from every response to a client. */
    static Middleware removeResponseHeader(String name) {
        return HeaderRule.remove(false, name);
    }
}
