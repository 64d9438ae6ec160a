package dev.multiserver.balancer.internal.route;

import java.util.Map;

/** The route that answers a request, and the values its pattern's parameters took. */
public record RouteMatch(Route route, Map<String, String> pathParams) {
}
