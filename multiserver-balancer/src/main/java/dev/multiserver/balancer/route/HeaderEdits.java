package dev.multiserver.balancer.route;

/**
 * What a {@link Middleware} changes in the headers of the request it let through, and of the response the
 * client gets for it. Request edits are made before the next middleware runs, so it and the local routes see
 * them, as does the backend. Response edits are made, in the order the middleware ran, to whatever response
 * the client gets: a backend's, a local route's, a later middleware's, or the balancer's own error.
 *
 * <pre>{@code
 * edits.setRequestHeader("X-User", user)
 *      .removeRequestHeader("Cookie")
 *      .setResponseHeader("Strict-Transport-Security", "max-age=63072000");
 * }</pre>
 *
 * <p>Names and values are checked at once ({@link IllegalArgumentException}); headers that frame the message
 * or the connection ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection} and the other
 * hop-by-hop headers) are the balancer's and cannot be edited. Edits made after the middleware finished
 * throw {@link IllegalStateException}.
 */
public interface HeaderEdits {

    /** Sets a request header, replacing any of that name. */
    HeaderEdits setRequestHeader(String name, String value);

    /** Adds a value to a request header, keeping those it has. */
    HeaderEdits addRequestHeader(String name, String value);

    /** Removes a request header. */
    HeaderEdits removeRequestHeader(String name);

    /** Sets a response header, replacing any of that name. */
    HeaderEdits setResponseHeader(String name, String value);

    /** Adds a value to a response header, keeping those it has (e.g. another {@code Set-Cookie}). */
    HeaderEdits addResponseHeader(String name, String value);

    /** Removes a response header. */
    HeaderEdits removeResponseHeader(String name);
}
