package dev.multiserver.balancer.internal.route;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.route.AsyncMiddleware;
import dev.multiserver.balancer.route.AsyncRouteHandler;
import dev.multiserver.balancer.route.FallbackHandler;
import dev.multiserver.balancer.route.Middleware;
import dev.multiserver.balancer.route.RouteHandler;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the balancer answers itself, and in what order: {@code forceHttps}, the middleware, the local routes,
 * and the fallbacks for its own 502, 503 and 504. Made by {@code LoadBalancerBuilder} through
 * {@link Builder}, which checks each setting as it is given; immutable.
 */
public final class LocalHandling {

    /** {@link #forceHttpsPort()} when plain HTTP is not redirected. */
    public static final int NO_FORCE_HTTPS = -1;
    public static final int DEFAULT_MAX_BODY_SIZE = 1 << 20;
    static final int MAX_BODY_SIZE_LIMIT = 64 << 20;

    /** Nothing answered locally: every request is proxied, errors are the balancer's plain text. */
    public static final LocalHandling NONE = new LocalHandling(List.of(), RouteTable.EMPTY, Map.of(),
            NO_FORCE_HTTPS, DEFAULT_MAX_BODY_SIZE);

    /** A middleware and how logs name it: {@code middleware #2 (set request header X-User)}. */
    public record NamedMiddleware(String name, AsyncMiddleware middleware) {
    }

    private final List<NamedMiddleware> middleware;
    private final RouteTable routes;
    private final Map<Integer, FallbackHandler> fallbacks;
    private final int forceHttpsPort;
    private final int maxBodySize;

    private LocalHandling(List<NamedMiddleware> middleware, RouteTable routes, Map<Integer, FallbackHandler> fallbacks,
            int forceHttpsPort, int maxBodySize) {
        this.middleware = List.copyOf(middleware);
        this.routes = routes;
        this.fallbacks = Map.copyOf(fallbacks);
        this.forceHttpsPort = forceHttpsPort;
        this.maxBodySize = maxBodySize;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<NamedMiddleware> middleware() {
        return middleware;
    }

    public RouteTable routes() {
        return routes;
    }

    /** The fallback for a status, or {@code null}. */
    public FallbackHandler fallback(int status) {
        return fallbacks.get(status);
    }

    public boolean hasFallbacks() {
        return !fallbacks.isEmpty();
    }

    /** The HTTPS port plain-HTTP requests are redirected to, or {@link #NO_FORCE_HTTPS}. */
    public int forceHttpsPort() {
        return forceHttpsPort;
    }

    /** The largest request body a local route accepts; larger gets 413. */
    public int maxBodySize() {
        return maxBodySize;
    }

    /** Whether some requests may be answered before reaching the proxy, so each must be looked at first. */
    public boolean answersRequests() {
        return forceHttpsPort != NO_FORCE_HTTPS || !middleware.isEmpty() || !routes.isEmpty();
    }

    @Override
    public String toString() {
        return "LocalHandling[" + middleware.size() + " middleware, " + routes.routes().size() + " route(s), "
                + "fallbacks for " + fallbacks.keySet() + (forceHttpsPort == NO_FORCE_HTTPS ? ""
                : ", forceHttps to port " + forceHttpsPort) + "]";
    }

    /** Gathers the settings, checking each at once; {@link #build()} may be called again. */
    public static final class Builder {

        private static final List<Integer> FALLBACK_STATUSES = List.of(502, 503, 504);

        private final List<NamedMiddleware> middleware = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private final Map<String, Route> routesByShape = new HashMap<>();
        private final Map<Integer, FallbackHandler> fallbacks = new HashMap<>();
        private FallbackHandler everyFallback;
        private int forceHttpsPort = NO_FORCE_HTTPS;
        private int maxBodySize = DEFAULT_MAX_BODY_SIZE;

        private Builder() {
        }

        public void route(String method, String pattern, RouteHandler handler) {
            requireNonNull(handler, "handler");
            addRoute(method, pattern, request -> {
                try {
                    return CompletableFuture.completedFuture(handler.handle(request));
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
        }

        public void routeAsync(String method, String pattern, AsyncRouteHandler handler) {
            addRoute(method, pattern, requireNonNull(handler, "handler"));
        }

        private void addRoute(String method, String pattern, AsyncRouteHandler handler) {
            requireNonNull(method, "method");
            String normalized = method.toUpperCase(Locale.ROOT);
            checkArgument(normalized.equals("*") || (!normalized.isEmpty()
                    && HttpHeaderValidationUtil.validateToken(normalized) == -1),
                    "route: method '%s' (expected: GET, POST, … or * for any)", method);
            PathPattern parsed;
            try {
                parsed = PathPattern.parse(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("route: " + e.getMessage(), e);
            }
            Route route = new Route(normalized, parsed, handler);
            Route same = routesByShape.putIfAbsent(normalized + " " + parsed.shape(), route);
            checkArgument(same == null, "route: %s matches the same requests as %s (expected: each method and path "
                    + "once)", route.name(), same == null ? null : same.name());
            routes.add(route);
        }

        public void middleware(Middleware m) {
            requireNonNull(m, "middleware");
            addMiddleware(m, (request, edits) -> {
                try {
                    return CompletableFuture.completedFuture(m.handle(request, edits));
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
        }

        public void middlewareAsync(AsyncMiddleware m) {
            addMiddleware(requireNonNull(m, "middleware"), m);
        }

        private void addMiddleware(Object given, AsyncMiddleware m) {
            middleware.add(new NamedMiddleware("middleware #" + (middleware.size() + 1) + " (" + describe(given)
                    + ")", m));
        }

        /** Its own {@code toString()}, else its class, which for a lambda says where it was written. */
        private static String describe(Object given) {
            String className = given.getClass().getName();
            String text = given.toString();
            if (!text.equals(className + "@" + Integer.toHexString(given.hashCode()))) {
                return text;
            }
            int lambda = className.indexOf("$$Lambda");
            return lambda < 0 ? className : "a lambda in " + className.substring(0, lambda);
        }

        public void fallback(int status, FallbackHandler handler) {
            requireNonNull(handler, "handler");
            checkArgument(FALLBACK_STATUSES.contains(status), "fallback: status %s (expected: 502, 503 or 504; "
                    + "a backend's own responses pass through unchanged)", status);
            checkArgument(!fallbacks.containsKey(status), "fallback: status %s has a handler already", status);
            fallbacks.put(status, handler);
        }

        public void fallback(FallbackHandler handler) {
            requireNonNull(handler, "handler");
            checkArgument(everyFallback == null, "fallback: the handler for every status is set already");
            everyFallback = handler;
        }

        public void forceHttps(int httpsPort) {
            checkArgument(httpsPort >= 1 && httpsPort <= 65535, "forceHttps port: %s (expected: 1-65535)",
                    httpsPort);
            forceHttpsPort = httpsPort;
        }

        public boolean forcesHttps() {
            return forceHttpsPort != NO_FORCE_HTTPS;
        }

        public void maxBodySize(int bytes) {
            checkArgument(bytes >= 0 && bytes <= MAX_BODY_SIZE_LIMIT, "maxLocalBodySize: %s (expected: 0-%s)",
                    bytes, MAX_BODY_SIZE_LIMIT);
            maxBodySize = bytes;
        }

        public LocalHandling build() {
            Map<Integer, FallbackHandler> all = new HashMap<>(fallbacks);
            if (everyFallback != null) {
                FALLBACK_STATUSES.forEach(status -> all.putIfAbsent(status, everyFallback));
            }
            return new LocalHandling(middleware, new RouteTable(routes), all, forceHttpsPort, maxBodySize);
        }
    }
}
