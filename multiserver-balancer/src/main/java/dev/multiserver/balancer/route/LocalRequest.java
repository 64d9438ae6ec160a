package dev.multiserver.balancer.route;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request as middleware, local routes and fallbacks see it: read-only, and safe to keep after the
 * handler returned.
 *
 * <pre>{@code
 * .route("GET", "/users/{id}", request -> LocalResponse.json(200,
 *         "{\"id\": \"" + request.pathParam("id") + "\", \"page\": " + request.queryParam("page").orElse("1") + "}"))
 * }</pre>
 *
 * <p>Headers are those the client sent, with the edits of the middleware that ran before. Only a local
 * route sees the body; middleware and fallbacks see an empty one.
 */
public interface LocalRequest {

    /** The method, as sent: {@code GET}, {@code POST}, … */
    String method();

    /** The request target as sent: path and query, e.g. {@code /users/7?page=2}. */
    String uri();

    /** The path as sent, without the query and still percent-encoded, e.g. {@code /users/7}. */
    String path();

    /** The query as sent, without the {@code ?}; empty when there is none. */
    String rawQuery();

    /**
     * The query's parameters, decoded, in the order sent.
     *
     * @throws IllegalArgumentException when the query is not well-formed (a bad {@code %} escape)
     */
    Map<String, List<String>> queryParams();

    /** The first value of a query parameter, decoded. */
    Optional<String> queryParam(String name);

    /** The first value of the header, or {@code null}. Names are case-insensitive. */
    String header(String name);

    /** All values of the header, in order; empty when absent. */
    List<String> headers(String name);

    /** The names of the headers present. */
    Set<String> headerNames();

    /**
     * The path parameters of the matched route's pattern, decoded: {@code {id}} of {@code /users/{id}},
     * and {@code *} for what a trailing {@code *} matched. Empty for middleware and fallbacks.
     */
    Map<String, String> pathParams();

    /**
     * One path parameter, decoded.
     *
     * @throws IllegalArgumentException when the matched pattern has no such parameter
     */
    String pathParam(String name);

    /** The address of the client connected to the balancer. */
    InetSocketAddress clientAddress();

    /** Whether the client reached the balancer over TLS. */
    boolean secure();

    /** A copy of the body; empty for middleware, fallbacks, and requests without one. */
    byte[] body();

    /** The body as text, in the charset its {@code Content-Type} names, UTF-8 when it names none. */
    String bodyText();
}
