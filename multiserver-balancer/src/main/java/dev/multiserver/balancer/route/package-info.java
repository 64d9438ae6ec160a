/**
 * The balancer as a normal server: requests it answers itself instead of proxying. In order, for every
 * request: {@link dev.multiserver.balancer.LoadBalancerBuilder#forceHttps() forceHttps} redirects plain
 * HTTP; {@link dev.multiserver.balancer.route.Middleware} may answer, reject, or edit the headers that go
 * to the backend and back; a local route ({@link dev.multiserver.balancer.route.RouteHandler}) whose
 * method and path pattern match answers; everything else is proxied, and when no backend answers, a
 * {@link dev.multiserver.balancer.route.FallbackHandler} may replace the balancer's own 502, 503 or 504.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .backend("http://127.0.0.1:9001")
 *         .middleware((request, edits) -> request.header("Authorization") == null
 *                 ? LocalResponse.text(401, "log in first\n").withHeader("WWW-Authenticate", "Bearer")
 *                 : null)                                               // null: go on
 *         .route("GET", "/hello/{name}", request -> LocalResponse.text(200, "hi " + request.pathParam("name")))
 *         .fallback(503, (request, error) -> LocalResponse.html(503, "<h1>Back soon</h1>"))
 *         .build();
 * }</pre>
 *
 * <p>Handlers run on the balancer's event loops: they must not block. Work that waits (a database, another
 * service) belongs in the asynchronous forms, {@link dev.multiserver.balancer.route.AsyncRouteHandler} and
 * {@link dev.multiserver.balancer.route.AsyncMiddleware}, whose stage may complete on any thread.
 */
package dev.multiserver.balancer.route;
