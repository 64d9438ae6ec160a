package dev.multiserver.balancer.route;

import java.util.concurrent.CompletionStage;

/**
 * Answers the requests of a local route later: {@code LoadBalancerBuilder.routeAsync(method, pattern,
 * handler)}. The stage may complete on any thread.
 *
 * <pre>{@code
 * .routeAsync("GET", "/users/{id}", request -> users.find(request.pathParam("id"))   // a CompletionStage
 *         .thenApply(user -> LocalResponse.json(200, user.toJson())))
 * }</pre>
 *
 * <p>A stage that fails makes the client get {@code 500}, and the log a line naming the route; one that
 * does not complete within the response timeout, {@code 504}.
 */
@FunctionalInterface
public interface AsyncRouteHandler {

    /** The response to {@code request}, when it is ready; the stage must not complete with {@code null}. */
    CompletionStage<LocalResponse> handle(LocalRequest request);
}
