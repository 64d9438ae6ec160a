package dev.multiserver.balancer.admin;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;

import dev.multiserver.balancer.LoadBalancer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The admin API's paths, the methods each allows, and what answers them. HEAD is answered as GET. */
final class AdminRoutes {

    static final String INDEX = """
            multiserver admin API
              GET    /                             the live dashboard (HTML) for a browser; this list for anything else
              GET    /api                          this list
              GET    /status.json                  the pool: backends, their state, counters and latencies (JSON)
              GET    /metrics                      Prometheus metrics (text format 0.0.4)
              POST   /backends                     add a backend; body {"url": "http://host:port", "weight": 1}
              DELETE /backends?url=http://h:p      remove a backend at once
              POST   /backends/drain?url=http://h:p  send it no new requests; it leaves the pool when idle
              GET    /workers                      the workers: id, state, pid, port, restarts, uptime (JSON)
              POST   /workers/restart              rolling restart: replace each worker, one at a time
              POST   /workers/restart?id=worker-2  replace that worker (or start it again when it is down)
              POST   /workers/scale?count=N        start or drain workers until N run
              POST   /cache/purge                  purge the edge cache; body {"key": "/path?q"} or {"prefix": "/static/"}
            """;

    /** Answers one request on a known path and method. */
    @FunctionalInterface
    interface Endpoint {
        FullHttpResponse handle(AdminRequest request);
    }

    /** Answers one request later: for endpoints that wait on a store. */
    @FunctionalInterface
    interface AsyncEndpoint {
        CompletableFuture<FullHttpResponse> handle(AdminRequest request);
    }

    private final Map<String, Map<HttpMethod, AsyncEndpoint>> routes = new LinkedHashMap<>();

    AdminRoutes(LoadBalancer balancer) {
        BackendEndpoints backends = new BackendEndpoints(balancer);
        DashboardPage dashboard = DashboardPage.load();
        route(GET, "/", request -> {
            FullHttpResponse response = wantsHtml(request) ? dashboard.response()
                    : AdminResponses.text(OK, AdminResponses.TEXT, INDEX);
            response.headers().set(HttpHeaderNames.VARY, "Accept");
            return response;
        });
        route(GET, "/status.json", request -> AdminResponses.json(OK, StatusJson.of(balancer)));
        route(GET, "/metrics", request -> AdminResponses.text(OK, AdminResponses.PROMETHEUS_TEXT,
                balancer.meterRegistry().scrape()));
        route(POST, "/backends", backends::add);
        route(DELETE, "/backends", backends::remove);
        route(POST, "/backends/drain", backends::drain);
        WorkerEndpoints workers = new WorkerEndpoints(balancer);
        route(GET, "/workers", workers::list);
        route(POST, "/workers/restart", workers::restart);
        route(POST, "/workers/scale", workers::scale);
        routeAsync(POST, "/cache/purge", new CacheEndpoints(balancer)::purge);
        route(GET, "/api", request -> AdminResponses.text(OK, AdminResponses.TEXT, INDEX));
    }

    /**
     * Browsers ask for {@code text/html} when they open a page; curl ({@code *}{@code /*}) and scripts do not, and
     * keep getting the plain-text list they always had at {@code /}.
     */
    private static boolean wantsHtml(AdminRequest request) {
        String accept = request.header(HttpHeaderNames.ACCEPT);
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    /** The one request served without the token: the dashboard page (or list), static and holding no data. */
    static boolean isPublic(HttpRequest request) {
        HttpMethod method = request.method();
        if (!GET.equals(method) && !HEAD.equals(method)) {
            return false;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        return (query < 0 ? uri : uri.substring(0, query)).equals("/");
    }

    private void route(HttpMethod method, String path, Endpoint endpoint) {
        routeAsync(method, path, request -> CompletableFuture.completedFuture(endpoint.handle(request)));
    }

    private void routeAsync(HttpMethod method, String path, AsyncEndpoint endpoint) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, endpoint);
    }

    /**
     * The endpoint's response; 405 with {@code Allow} for a known path and another method.
     *
     * @throws AdminError 404 for an unknown path, and whatever the endpoint refuses
     */
    CompletableFuture<FullHttpResponse> dispatch(AdminRequest request) {
        Map<HttpMethod, AsyncEndpoint> byMethod = routes.get(request.path());
        if (byMethod == null) {
            throw new AdminError(HttpResponseStatus.NOT_FOUND,
                    "no such path: " + request.path() + " (expected: one of " + String.join(", ", routes.keySet())
                            + ")");
        }
        HttpMethod method = HEAD.equals(request.method()) ? GET : request.method();
        AsyncEndpoint endpoint = byMethod.get(method);
        if (endpoint == null) {
            String allow = allowed(byMethod);
            FullHttpResponse response = AdminResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " on " + request.path() + " (expected: " + allow + ")");
            response.headers().set(HttpHeaderNames.ALLOW, allow);
            return CompletableFuture.completedFuture(response);
        }
        return endpoint.handle(request);
    }

    private static String allowed(Map<HttpMethod, AsyncEndpoint> byMethod) {
        List<String> names = new ArrayList<>();
        for (HttpMethod method : byMethod.keySet()) {
            names.add(method.name());
            if (GET.equals(method)) {
                names.add(HEAD.name());
            }
        }
        return String.join(", ", names);
    }
}
