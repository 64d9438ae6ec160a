package dev.multiserver.balancer.internal.route;

import dev.multiserver.balancer.route.AsyncRouteHandler;

/**
 * A local route: requests with {@code method} ({@code *} for any) whose path matches {@code pattern} are
 * answered by {@code handler}.
 */
public record Route(String method, PathPattern pattern, AsyncRouteHandler handler) {

    /** How logs and metrics name the route: {@code GET /users/{id}}. */
    public String name() {
        return method + " " + pattern;
    }

    /** How well the route's method fits the request's: 0 not at all, else higher is closer. */
    int methodFit(String requestMethod) {
        if (method.equals(requestMethod)) {
            return 3;
        }
        if (requestMethod.equals("HEAD") && method.equals("GET")) {
            return 2;
        }
        return method.equals("*") ? 1 : 0;
    }
}
