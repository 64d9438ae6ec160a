package dev.multiserver.balancer.internal.route;

import java.util.List;
import java.util.Map;

/**
 * The local routes, and which one answers a request: the most specific pattern that matches its path (see
 * {@link PathPattern#compareSpecificity}), then the closest method: the same, then {@code GET} for a
 * {@code HEAD}, then {@code *}. A path no route matches, or matches only for other methods, is proxied.
 */
public final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(List.of());

    private final List<Route> routes;

    RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public boolean isEmpty() {
        return routes.isEmpty();
    }

    public List<Route> routes() {
        return routes;
    }

    /** The route for a request, or {@code null}; {@code uri} is the request target as sent. */
    public RouteMatch match(String method, String uri) {
        if (routes.isEmpty() || !uri.startsWith("/")) {
            return null;
        }
        String[] segments = PathSegments.of(RequestView.rawPath(uri));
        if (segments == null) {
            // Not decodable: no route can claim it; the backend says what it makes of it.
            return null;
        }
        Route best = null;
        Map<String, String> bestParams = null;
        int bestFit = 0;
        for (Route route : routes) {
            int fit = route.methodFit(method);
            if (fit == 0) {
                continue;
            }
            Map<String, String> params = route.pattern().match(segments);
            if (params == null) {
                continue;
            }
            int specificity = best == null ? 1 : route.pattern().compareSpecificity(best.pattern());
            if (specificity > 0 || (specificity == 0 && fit > bestFit)) {
                best = route;
                bestParams = params;
                bestFit = fit;
            }
        }
        return best == null ? null : new RouteMatch(best, bestParams);
    }
}
