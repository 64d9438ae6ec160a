package dev.multiserver.balancer.route;

/**
 * Answers the requests of a local route: {@code LoadBalancerBuilder.route(method, pattern, handler)}.
 * Runs on an event loop, so it must not block; use {@link AsyncRouteHandler} for work that waits.
 *
 * <pre>{@code
 * .route("GET", "/healthz", request -> LocalResponse.text(200, "ok\n"))
 * }</pre>
 *
 * <p>A handler that throws makes the client get {@code 500}, and the log a line naming the route.
 */
@FunctionalInterface
public interface RouteHandler {

    /** The response to {@code request}; never {@code null}. */
    LocalResponse handle(LocalRequest request) throws Exception;
}
