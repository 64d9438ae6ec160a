package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.testkit.TestBackend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The balancer answering requests itself — local routes, middleware, fallback pages, forceHttps — as a client
 * on a real socket sees it, in front of a real backend that counts what reaches it.
 */
class LocalRoutesIntegrationTest {

    private final Started started = new Started();

    @AfterEach
    void closeAll() throws Exception {
        started.close();
    }

    private static RawHttpClient.Response send(LoadBalancer lb, String request) throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send(request);
            return client.read();
        }
    }

    private static RawHttpClient.Response get(LoadBalancer lb, String target) throws Exception {
        return Started.get(lb, target);
    }

    // ---- local routes --------------------------------------------------------------------------------

    @Test
    void aLocalRouteAnswersWithoutTouchingTheBackend() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/hello/{name}", request -> LocalResponse.text(200, "hi " + request.pathParam("name")
                        + " from " + request.clientAddress().getAddress().getHostAddress() + " page "
                        + request.queryParam("page").orElse("?"))), backend);

        RawHttpClient.Response response = get(lb, "/hello/ada%20l?page=2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("hi ada l from 127.0.0.1 page 2");
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(response.body().length));
        assertThat(response.header("X-Backend-Id")).isNull();
        assertThat(backend.requestCount()).isZero();
        assertThat(backend.connectionCount()).isZero();
    }

    @Test
    void theMostSpecificRouteWinsAndUnmatchedRequestsGoToTheBackend() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/users/*", request -> LocalResponse.text(200, "rest " + request.pathParam("*")))
                .route("GET", "/users/{id}", request -> LocalResponse.text(200, "user " + request.pathParam("id")))
                .route("GET", "/users/me", request -> LocalResponse.text(200, "me")), backend);

        assertThat(get(lb, "/users/me").bodyText()).isEqualTo("me");
        assertThat(get(lb, "/users/7").bodyText()).isEqualTo("user 7");
        assertThat(get(lb, "/users/7/posts").bodyText()).isEqualTo("rest 7/posts");
        assertThat(backend.requestCount()).isZero();

        RawHttpClient.Response other = get(lb, "/other");
        RawHttpClient.Response otherMethod = send(lb, "DELETE /users/me HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(other.header("X-Backend-Id")).isEqualTo("app");
        assertThat(EchoedRequest.parse(otherMethod.bodyText()).method()).isEqualTo("DELETE");
        assertThat(backend.requestUris()).containsExactly("/other", "/users/me");
    }

    @Test
    void headIsAnsweredByAGetRouteWithoutABody() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/page", request -> LocalResponse.html(200, "<p>twelve</p>")));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("HEAD /page HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response head = client.read(true);
            client.send("GET /page HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response get = client.read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("13");
            // No body bytes came after the HEAD response: the GET's status line is read right after it.
            assertThat(get.bodyText()).isEqualTo("<p>twelve</p>");
        }
    }

    @Test
    void aLocalRouteAndAProxiedRequestShareAKeepAliveConnection() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/healthz", request -> LocalResponse.text(200, "ok")), backend);
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response local = client.read();
            client.send("GET /proxied HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response proxied = client.read();
            client.send("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response localAgain = client.read();

            assertThat(local.bodyText()).isEqualTo("ok");
            assertThat(local.header("Connection")).isNull();
            assertThat(EchoedRequest.parse(proxied.bodyText()).uri()).isEqualTo("/proxied");
            assertThat(localAgain.bodyText()).isEqualTo("ok");
        }
        assertThat(backend.requestCount()).isEqualTo(1);
    }

    @Test
    void pipelinedLocalAndProxiedRequestsAreAnsweredInOrder() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .routeAsync("GET", "/slow", request -> CompletableFuture.supplyAsync(() -> LocalResponse.text(200,
                        "slow"), CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))), backend);
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");

            assertThat(client.read().bodyText()).isEqualTo("slow");
            assertThat(EchoedRequest.parse(client.read().bodyText()).uri()).isEqualTo("/fast");
            EchoedRequest post = EchoedRequest.parse(client.read().bodyText());
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.bodyLength()).isEqualTo(3);
        }
    }

    @Test
    void aLocalRouteGetsTheBodyWhetherSizedOrChunked() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("POST", "/echo", request -> LocalResponse.text(200, request.method() + " "
                        + request.bodyText() + " " + request.header("Content-Type"))));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n"
                    + "hello world");
            RawHttpClient.Response sized = client.read();
            client.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Type: x/y\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n again\r\n0\r\n\r\n");
            RawHttpClient.Response chunked = client.read();

            assertThat(sized.bodyText()).isEqualTo("POST hello world text/plain");
            assertThat(chunked.bodyText()).isEqualTo("POST hello again x/y");
        }
    }

    @Test
    void aLocalRouteAnswers100ContinueBeforeReadingTheBody() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("PUT", "/upload", request -> LocalResponse.text(201, request.body().length + " bytes")));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("PUT /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(100);
            client.send("12345");
            RawHttpClient.Response response = client.read();

            assertThat(response.status()).isEqualTo(201);
            assertThat(response.bodyText()).isEqualTo("5 bytes");
        }
    }

    @Test
    void aBodyOverTheLimitGets413AndTheConnectionCloses() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder().maxLocalBodySize(10)
                .route("POST", "/small", request -> LocalResponse.text(200, "fits")));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world");
            RawHttpClient.Response declared = client.read();

            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.header("Connection")).isEqualTo("close");
            assertThat(client.isClosedByServer()).isTrue();
        }
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n");
            RawHttpClient.Response streamed = client.read();

            assertThat(streamed.status()).isEqualTo(413);
            assertThat(streamed.bodyText()).isEqualTo("413 Request Entity Too Large: the request body is larger "
                    + "than 10 bytes\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(send(lb, "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789").bodyText())
                .isEqualTo("fits");
    }

    @Test
    void anAsyncRouteAnswersWhenItsStageCompletesOnAnotherThread() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .routeAsync("GET", "/later", request -> CompletableFuture.supplyAsync(
                        () -> LocalResponse.json(200, "{\"thread\": \"" + Thread.currentThread().getName() + "\"}"),
                        CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))));

        RawHttpClient.Response response = get(lb, "/later");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyText()).startsWith("{\"thread\": \"").doesNotContain("multiserver-io");
    }

    @Test
    void aFailingHandlerGets500WithoutItsDetails() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/throws", request -> {
                    throw new IllegalStateException("secret detail");
                })
                .routeAsync("GET", "/fails", request -> CompletableFuture.failedFuture(new Exception("secret too")))
                .route("GET", "/null", request -> null));

        for (String path : new String[] {"/throws", "/fails", "/null"}) {
            RawHttpClient.Response response = get(lb, path);

            assertThat(response.status()).as(path).isEqualTo(500);
            assertThat(response.bodyText()).as(path)
                    .isEqualTo("500 Internal Server Error: the request could not be handled\n");
        }
    }

    @Test
    void aHandlerThatNeverAnswersGets504AfterTheResponseTimeout() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder().responseTimeout(Duration.ofMillis(300))
                .routeAsync("GET", "/never", request -> new CompletableFuture<>())
                .route("GET", "/fine", request -> LocalResponse.text(200, "fine")));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            long start = System.nanoTime();
            client.send("GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response response = client.read();

            assertThat(response.status()).isEqualTo(504);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
            client.send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.read().bodyText()).as("the connection still serves").isEqualTo("fine");
        }
    }

    @Test
    void aClientTooSlowToSendTheBodyOfALocalRouteGets408() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder().responseTimeout(Duration.ofMillis(300))
                .route("POST", "/form", request -> LocalResponse.text(200, "got it")));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
            RawHttpClient.Response response = client.read();

            assertThat(response.status()).isEqualTo(408);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    // ---- middleware ----------------------------------------------------------------------------------

    @Test
    void middlewareRunsBeforeRoutesAndMayRejectWithoutTheBackendSeeingTheRequest() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .middleware((request, edits) -> request.header("Authorization") == null
                        ? LocalResponse.text(401, "log in first\n").withHeader("WWW-Authenticate", "Bearer")
                        : null)
                .route("GET", "/hello", request -> LocalResponse.text(200, "hi")), backend);

        RawHttpClient.Response toRoute = get(lb, "/hello");
        RawHttpClient.Response toBackend = send(lb, "POST /orders HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}");
        RawHttpClient.Response allowed = send(lb, "GET /orders HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer t\r\n\r\n");

        assertThat(toRoute.status()).isEqualTo(401);
        assertThat(toRoute.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(toRoute.bodyText()).isEqualTo("log in first\n");
        assertThat(toBackend.status()).isEqualTo(401);
        // Its body was never read: the connection cannot serve another request.
        assertThat(toBackend.header("Connection")).isEqualTo("close");
        assertThat(allowed.header("X-Backend-Id")).isEqualTo("app");
        assertThat(backend.requestUris()).containsExactly("/orders");
        assertThat(backend.lastRequest().method()).isEqualTo("GET");
    }

    @Test
    void middlewareRunsInOrderAndItsHeaderEditsReachTheBackendTheRoutesAndTheClient() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .middleware((request, edits) -> {
                    edits.setRequestHeader("X-User", "ada").removeRequestHeader("X-Secret")
                            .setResponseHeader("X-Frame-Options", "DENY").removeResponseHeader("X-Backend-Id");
                    return null;
                })
                .middleware((request, edits) -> {
                    // The first one's request edits are visible here.
                    edits.addRequestHeader("X-Seen-User", String.valueOf(request.header("X-User")))
                            .addResponseHeader("Set-Cookie", "a=1").addResponseHeader("Set-Cookie", "b=2");
                    return null;
                })
                .route("GET", "/whoami", request -> LocalResponse.text(200, request.header("X-User") + " "
                        + request.header("X-Secret"))), backend);

        RawHttpClient.Response proxied = send(lb, "GET /data HTTP/1.1\r\nHost: a\r\nX-Secret: s\r\n\r\n");
        RawHttpClient.Response local = send(lb, "GET /whoami HTTP/1.1\r\nHost: a\r\nX-Secret: s\r\n\r\n");

        EchoedRequest seen = EchoedRequest.parse(proxied.bodyText());
        assertThat(seen.header("X-User")).isEqualTo("ada");
        assertThat(seen.header("X-Seen-User")).isEqualTo("ada");
        assertThat(seen.headers("X-Secret")).isEmpty();
        assertThat(proxied.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(proxied.header("X-Backend-Id")).isNull();
        assertThat(proxied.headers("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(local.bodyText()).isEqualTo("ada null");
        assertThat(local.header("X-Frame-Options")).isEqualTo("DENY");
    }

    @Test
    void asyncMiddlewareMayShortCircuitOrLetThrough() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .middlewareAsync((request, edits) -> CompletableFuture.supplyAsync(() -> {
                    if (request.path().startsWith("/admin")) {
                        return LocalResponse.text(403, "forbidden\n");
                    }
                    edits.setRequestHeader("X-Checked", "yes");
                    return null;
                }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS))), backend);

        RawHttpClient.Response forbidden = get(lb, "/admin/users");
        RawHttpClient.Response allowed = get(lb, "/shop");

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(EchoedRequest.parse(allowed.bodyText()).header("X-Checked")).isEqualTo("yes");
        assertThat(backend.requestUris()).containsExactly("/shop");
    }

    @Test
    void aFailingMiddlewareGets500AndTheRequestGoesNowhere() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .middleware((request, edits) -> {
                    edits.setRequestHeader("Bad Name", "x");
                    return null;
                }), backend);

        assertThat(get(lb, "/x").status()).isEqualTo(500);
        assertThat(backend.requestCount()).isZero();
    }

    // ---- fallbacks -----------------------------------------------------------------------------------

    @Test
    void aFallbackPageReplaces503WhenNoBackendIsAvailableAndKeepsRetryAfter() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .fallback(503, (request, error) -> LocalResponse.html(503, "<h1>Back soon</h1><p>" + error.cause()
                        + " for " + request.path() + "</p>")));

        RawHttpClient.Response response = get(lb, "/shop");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo("<h1>Back soon</h1><p>no backend is available for /shop</p>");
        assertThat(response.header("Retry-After")).isEqualTo("5");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aFallbackPageReplaces502WhenTheBackendRefusesConnections() throws Exception {
        TestBackend backend = started.backend("down");
        backend.refuseConnections();
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .fallback((request, error) -> LocalResponse.of(error.status(), "application/problem+json",
                        ("{\"status\": " + error.status() + "}").getBytes(StandardCharsets.UTF_8))), backend);

        RawHttpClient.Response response = get(lb, "/");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.bodyText()).isEqualTo("{\"status\": 502}");
    }

    @Test
    void aBackendsOwnErrorPassesThroughUnchanged() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .fallback((request, error) -> LocalResponse.html(error.status(), "fallback")), backend);

        RawHttpClient.Response response = get(lb, "/?status=503");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("X-Backend-Id")).isEqualTo("app");
        assertThat(response.bodyText()).isNotEqualTo("fallback");
    }

    @Test
    void aFailingFallbackLeavesThePlainError() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .fallback(503, (request, error) -> {
                    throw new IllegalStateException("broken template");
                }));

        RawHttpClient.Response response = get(lb, "/");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyText()).isEqualTo("503 Service Unavailable: no backend is available\n");
    }

    @Test
    void aHandlerTimeoutGetsThe504Fallback() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder().responseTimeout(Duration.ofMillis(200))
                .routeAsync("GET", "/never", request -> new CompletableFuture<>())
                .fallback(504, (request, error) -> LocalResponse.text(504, "took too long\n")));

        RawHttpClient.Response response = get(lb, "/never");

        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyText()).isEqualTo("took too long\n");
    }

    // ---- forceHttps ----------------------------------------------------------------------------------

    @Test
    void forceHttpsRedirectsPlainHttpBeforeAnythingElse() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder().forceHttps(8443)
                .middleware((request, edits) -> LocalResponse.text(401, "middleware ran")), backend);

        RawHttpClient.Response response = send(lb, "GET /cart?item=3 HTTP/1.1\r\nHost: shop.example:8080\r\n\r\n");
        RawHttpClient.Response noHost = send(lb, "GET /cart HTTP/1.0\r\n\r\n");

        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("Location")).isEqualTo("https://shop.example:8443/cart?item=3");
        assertThat(response.header("Content-Length")).isEqualTo("0");
        assertThat(noHost.status()).isEqualTo(400);
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void forceHttpsOmitsTheDefaultPort() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder().forceHttps());

        RawHttpClient.Response response = send(lb, "POST /pay HTTP/1.1\r\nHost: shop.example\r\n\r\n");

        assertThat(response.status()).isEqualTo(308);
        assertThat(response.header("Location")).isEqualTo("https://shop.example/pay");
    }

    // ---- metrics -------------------------------------------------------------------------------------

    @Test
    void localResponsesAreCountedApartFromBackendTraffic() throws Exception {
        TestBackend backend = started.backend("app");
        LoadBalancer lb = started.balancer(LoadBalancer.builder()
                .route("GET", "/users/{id}", request -> LocalResponse.text(200, "user"))
                .middleware((request, edits) -> request.path().equals("/no") ? LocalResponse.status(403) : null),
                backend);

        get(lb, "/users/1");
        get(lb, "/users/2");
        get(lb, "/no");
        get(lb, "/proxied");
        await().atMost(Duration.ofSeconds(2)).until(() -> lb.activeRequests() == 0);

        PrometheusScrape scrape = PrometheusScrape.of(lb);
        assertThat(scrape.value("multiserver_local_responses_total{route=\"GET /users/{id}\",status=\"200\"}"))
                .hasValue(2.0);
        assertThat(scrape.value("multiserver_local_responses_total{route=\"middleware\",status=\"403\"}"))
                .hasValue(1.0);
        assertThat(scrape.value("multiserver_requests_total{backend=\"127.0.0.1:" + backend.port()
                + "\",status=\"200\"}")).hasValue(1.0);
        assertThat(lb.backendStatus().get(0).requests()).isEqualTo(1);
    }
}
