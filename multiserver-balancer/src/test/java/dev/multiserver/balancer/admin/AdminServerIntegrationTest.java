package dev.multiserver.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.testkit.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminServerIntegrationTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String TOKEN = "s3cret-admin-token";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private TestBackend b1;
    private TestBackend b2;
    private LoadBalancer lb;

    @BeforeEach
    void start() {
        b1 = closeLater(TestBackend.start("b1"));
        b2 = closeLater(TestBackend.start("b2"));
        lb = closeLater(LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                .backend(b1.uri().toString()).backend(b2.uri().toString())
                .build().start());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        toClose.add(resource);
        return resource;
    }

    // --- GET /status.json, /metrics, / ---

    @Test
    void statusJsonDescribesTheBalancerAndEveryBackend() throws Exception {
        HttpResponse<String> response = send(lb, "GET", "/status.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        JsonNode status = json.readTree(response.body());
        assertThat(fieldNames(status))
                .containsExactly("algorithm", "port", "activeRequests", "queuedRequests", "backends", "workers");
        assertThat(status.get("workers")).as("no workers configured").isEmpty();
        assertThat(status.get("algorithm").textValue()).isEqualTo(lb.algorithm().toString());
        assertThat(status.get("port").intValue()).isEqualTo(lb.port());
        assertThat(status.get("activeRequests").isInt()).isTrue();
        assertThat(status.get("queuedRequests").isInt()).isTrue();
        JsonNode backends = status.get("backends");
        assertThat(backends.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            JsonNode backend = backends.get(i);
            String url = (i == 0 ? b1 : b2).uri().toString();
            assertThat(fieldNames(backend)).containsExactly("url", "id", "state", "weight", "inFlight", "webSockets",
                    "requests", "errors", "latencyEwmaMs", "p50Ms", "p99Ms");
            assertThat(backend.get("url").textValue()).isEqualTo(url);
            assertThat(backend.get("id").textValue()).isEqualTo(Backend.of(url).id());
            assertThat(backend.get("state").textValue()).isEqualTo("UP");
            assertThat(backend.get("weight").intValue()).isEqualTo(1);
            assertThat(backend.get("inFlight").isInt()).isTrue();
            assertThat(backend.get("webSockets").intValue()).isZero();
            assertThat(backend.get("requests").canConvertToLong()).isTrue();
            assertThat(backend.get("errors").canConvertToLong()).isTrue();
            assertThat(backend.get("latencyEwmaMs").isNumber()).isTrue();
            assertThat(backend.get("p50Ms").isNumber()).isTrue();
            assertThat(backend.get("p99Ms").isNumber()).isTrue();
        }
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() throws Exception {
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            connection.send("HEAD /status.json HTTP/1.1\r\nHost: a\r\n\r\n");
            RawAdminConnection.Response head = connection.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers().get("content-type")).isEqualTo(JSON);
            assertThat(Integer.parseInt(head.headers().get("content-length"))).isPositive();
            // No body followed: the next response starts right away.
            connection.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void metricsServesTheRegistryInPrometheusTextFormat() throws Exception {
        lb.meterRegistry().counter("admin.test.marker").increment();

        HttpResponse<String> response = send(lb, "GET", "/metrics", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE").contains("admin_test_marker_total 1.0");
    }

    @Test
    void rootListsTheEndpointsInPlainTextForCurlAndScripts() throws Exception {
        for (String accept : new String[] {null, "*/*", "text/plain"}) {
            HttpRequest.Builder get = request(lb, "/");
            if (accept != null) {
                get.header("Accept", accept);
            }
            HttpResponse<String> response = http.send(get.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(accept).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(accept).hasValue("text/plain; charset=utf-8");
            assertThat(response.headers().firstValue("Vary")).hasValue("Accept");
            assertThat(response.body()).contains("/status.json", "/metrics", "/backends", "/backends/drain",
                    "/workers/restart?id=");
        }
        HttpResponse<String> api = send(lb, "GET", "/api", null);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(api.body()).contains("/status.json", "/metrics");
    }

    @Test
    void rootIsTheSelfContainedDashboardForABrowser() throws Exception {
        HttpResponse<String> response = http.send(request(lb, "/")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        String script = response.body().substring(response.body().indexOf("<script>") + "<script>".length(),
                response.body().indexOf("</script>"));
        String hash = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'sha256-" + hash + "'", "connect-src 'self'",
                        "frame-ancestors 'none'");
        assertThat(response.body()).contains("status.json")
                .as("nothing is fetched from another host").doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    // --- POST /backends ---

    @Test
    void addedBackendIsAnsweredWith201AndListedInStatus() throws Exception {
        try (TestBackend b3 = TestBackend.start("b3")) {
            String url = b3.uri().toString();

            HttpResponse<String> response = send(lb, "POST", "/backends", "{\"url\": \"" + url + "\", \"weight\": 3}");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
            JsonNode added = json.readTree(response.body());
            assertThat(added.get("url").textValue()).isEqualTo(url);
            assertThat(added.get("weight").intValue()).isEqualTo(3);
            JsonNode listed = statusBackend(url);
            assertThat(listed).isNotNull();
            assertThat(listed.get("weight").intValue()).isEqualTo(3);
            assertThat(lb.backendStatus()).anySatisfy(s -> assertThat(s.backend()).isEqualTo(Backend.of(url)));
        }
    }

    @Test
    void addedBackendWithoutWeightGetsWeightOne() throws Exception {
        HttpResponse<String> response = send(lb, "POST", "/backends", "{\"url\": \"http://127.0.0.1:1\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.readTree(response.body()).get("weight").intValue()).isEqualTo(1);
        assertThat(statusBackend("http://127.0.0.1:1").get("weight").intValue()).isEqualTo(1);
    }

    @Test
    void addingABackendAlreadyInThePoolIsAConflict() throws Exception {
        String url = b1.uri().toString();

        HttpResponse<String> response = send(lb, "POST", "/backends", "{\"url\": \"" + url + "/\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(error(response)).isEqualTo("backend " + url + " is already in the pool");
        assertThat(statusUrls()).containsExactly(url, b2.uri().toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|body: empty",
        "not json|body: not valid JSON",
        "{\"url\": \"http://127.0.0.1:1\"|body: not valid JSON",
        "{\"url\": \"http://127.0.0.1:1\"} {}|body: more than one JSON value",
        "{\"url\": \"http://127.0.0.1:1\"} x|body: not valid JSON: Unrecognized token 'x'",
        "`  `|body: no JSON value",
        "{\"url\": \"http://127.0.0.1:1\", \"url\": \"http://127.0.0.1:2\"}|Duplicate field 'url'",
        "[\"http://127.0.0.1:1\"]|body: a JSON array",
        "\"http://127.0.0.1:1\"|body: a JSON string",
        "{}|url: missing",
        "{\"weight\": 2}|url: missing",
        "{\"url\": 5}|url: 5 (expected: a string",
        "{\"url\": null}|url: null (expected: a string",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": \"3\"}|weight: \"3\" (expected: an integer 1-1000)",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 1.5}|weight: 1.5 (expected: an integer 1-1000)",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": null}|weight: null (expected: an integer 1-1000)",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 99999999999}|weight: 99999999999 (expected",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 0}|backend weight: 0 (expected: 1-1000)",
        "{\"url\": \"http://127.0.0.1:1\", \"weight\": 1001}|backend weight: 1001 (expected: 1-1000)",
        "{\"url\": \"http://127.0.0.1:1\", \"wieght\": 2}|body: unknown field 'wieght' (expected: url, weight)",
        "{\"url\": \"ftp://127.0.0.1:1\"}|has scheme ftp (expected: http://host:port or https://host:port)",
        "{\"url\": \"http://127.0.0.1:1/app\"}|must be only scheme, host and port",
        "{\"url\": \"http://127.0.0.1:99999\"}|backend",
        "{\"url\": \"not a url\"}|backend: 'not a url'",
    })
    void badBackendBodiesAreRefusedWith400NamingTheProblem(String body, String expectedMessage) throws Exception {
        HttpResponse<String> response = send(lb, "POST", "/backends", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(error(response)).contains(expectedMessage).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(statusUrls()).containsExactly(b1.uri().toString(), b2.uri().toString());
    }

    @Test
    void bodyThatSaysItIsNotJsonIsRefusedWith415() throws Exception {
        HttpResponse<String> response = http.send(request(lb, "/backends")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(error(response)).contains("expected: application/json");
        assertThat(statusUrls()).hasSize(2);
    }

    @Test
    void bodyOver64KibIsRefusedWith413AndTheConnectionStaysUsable() throws Exception {
        String big = "{\"url\": \"http://127.0.0.1:1\", \"pad\": \"" + "x".repeat(70_000) + "\"}";
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            connection.send("POST /backends HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + big.length() + "\r\n\r\n" + big);
            RawAdminConnection.Response tooLarge = connection.read();
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(json.readTree(tooLarge.body()).get("error").textValue()).contains("65536 bytes");

            connection.send("GET /status.json HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertThat(statusUrls()).hasSize(2);
    }

    @Test
    void bodyOver64KibIsRefusedWith413BeforeItIsSentWhenTheClientExpects100Continue() throws Exception {
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            connection.send("POST /backends HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
            RawAdminConnection.Response tooLarge = connection.read();
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.headers().get("content-type")).isEqualTo(JSON);
        }
    }

    @Test
    void chunkedBodyOver64KibIsRefusedWith413() throws Exception {
        String chunk = "y".repeat(40_000);
        String chunkLine = Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n";
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            connection.send("POST /backends HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunkLine + chunkLine + "0\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(413);
        }
    }

    // --- DELETE /backends, POST /backends/drain ---

    @Test
    void deletedBackendLeavesThePoolAt204() throws Exception {
        HttpResponse<String> response = send(lb, "DELETE", "/backends?url=" + b2.uri(), null);

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(statusUrls()).containsExactly(b1.uri().toString());
    }

    @Test
    void deletingABackendNotInThePoolIs404() throws Exception {
        HttpResponse<String> response = send(lb, "DELETE", "/backends?url=http://127.0.0.1:1", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response)).isEqualTo("backend http://127.0.0.1:1 is not in the pool");
    }

    @Test
    void deletingWithoutAGoodUrlParameterIs400() throws Exception {
        assertThat(error(send(lb, "DELETE", "/backends", null)))
                .isEqualTo("query parameter url: missing (expected: ?url=http://host:port)");
        assertThat(error(send(lb, "DELETE", "/backends?url=", null))).startsWith("query parameter url: missing");
        assertThat(error(send(lb, "DELETE", "/backends?url=ftp://h:1", null))).contains("has scheme ftp");
        assertThat(error(send(lb, "DELETE", "/backends?url=" + b1.uri() + "&url=" + b2.uri(), null)))
                .isEqualTo("query parameter url: given 2 times (expected: once)");
        assertThat(send(lb, "DELETE", "/backends", null).statusCode()).isEqualTo(400);
        assertThat(statusUrls()).hasSize(2);
    }

    @Test
    void drainedBackendIsAnswered202AndLeavesThePoolOnceIdle() throws Exception {
        String url = b2.uri().toString();

        HttpResponse<String> response = send(lb, "POST", "/backends/drain?url=" + url, null);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("url").textValue()).isEqualTo(url);
        assertThat(body.get("state").textValue()).isEqualTo("DRAINING");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(statusUrls()).doesNotContain(url));
        assertThat(statusUrls()).containsExactly(b1.uri().toString());
    }

    @Test
    void drainingABackendNotInThePoolIs404AndWithoutUrl400() throws Exception {
        HttpResponse<String> unknown = send(lb, "POST", "/backends/drain?url=http://127.0.0.1:1", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).isEqualTo("backend http://127.0.0.1:1 is not in the pool");

        HttpResponse<String> missing = send(lb, "POST", "/backends/drain", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing)).startsWith("query parameter url: missing");
    }

    // --- unknown paths, wrong methods, HTTP handling ---

    @Test
    void unknownPathIs404WithAJsonError() throws Exception {
        HttpResponse<String> response = send(lb, "GET", "/nope", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(error(response)).startsWith("no such path: /nope (expected: one of /, /status.json");
    }

    @Test
    void wrongMethodOnAKnownPathIs405WithAllow() throws Exception {
        HttpResponse<String> put = send(lb, "PUT", "/backends", "{}");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("POST, DELETE");
        assertThat(error(put)).isEqualTo("method PUT on /backends (expected: POST, DELETE)");

        HttpResponse<String> post = send(lb, "POST", "/status.json", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

        assertThat(send(lb, "GET", "/backends/drain", null).headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void keepsTheConnectionAliveAndClosesWhenTheClientAsks() throws Exception {
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            for (int i = 0; i < 3; i++) {
                connection.send("GET /status.json HTTP/1.1\r\nHost: a\r\n\r\n");
                RawAdminConnection.Response response = connection.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.headers()).doesNotContainKey("connection");
            }
            connection.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            RawAdminConnection.Response last = connection.read();
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.headers().get("connection")).isEqualToIgnoringCase("close");
            assertThat(connection.isClosedByServer()).isTrue();
        }
    }

    @Test
    void malformedRequestIs400AndTheConnectionIsClosed() throws Exception {
        try (RawAdminConnection connection = new RawAdminConnection(adminAddress(lb))) {
            connection.send("GET /status.json HTTP/1.1\r\nHost: a\r\nContent-Length: nope\r\n\r\n");
            RawAdminConnection.Response response = connection.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(json.readTree(response.body()).get("error").textValue()).startsWith("malformed HTTP request");
            assertThat(connection.isClosedByServer()).isTrue();
        }
    }

    @Test
    void changesSentByAnotherSitesPageAreRefused() throws Exception {
        HttpRequest fromElsewhere = request(lb, "/backends").header("Origin", "http://evil.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1\"}")).build();
        HttpResponse<String> refused = http.send(fromElsewhere, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(error(refused)).startsWith("cross-origin POST from http://evil.example");

        HttpRequest drainFromElsewhere = request(lb, "/backends/drain?url=" + b1.uri()).header("Origin", "null")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(http.send(drainFromElsewhere, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(statusUrls()).hasSize(2);

        String self = "http://127.0.0.1:" + adminAddress(lb).getPort();
        HttpRequest fromItself = request(lb, "/backends").header("Origin", self)
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"http://127.0.0.1:1\"}")).build();
        assertThat(http.send(fromItself, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        HttpRequest readFromElsewhere = request(lb, "/status.json").header("Origin", "http://evil.example").build();
        assertThat(http.send(readFromElsewhere, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    // --- token ---

    @Test
    void tokenIsRequiredOfEveryRequestWhenSet() throws Exception {
        LoadBalancer guarded = closeLater(LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                .adminToken(TOKEN).backend(b1.uri().toString()).build().start());

        HttpResponse<String> none = http.send(request(guarded, "/status.json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(error(none)).contains("Authorization: Bearer");
        assertThat(none.body()).doesNotContain(TOKEN);

        for (String wrong : List.of("Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN,
                TOKEN, "Bearer")) {
            HttpResponse<String> refused = http.send(request(guarded, "/status.json")
                    .header("Authorization", wrong).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
        }
        HttpResponse<String> page = http.send(request(guarded, "/").header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("the dashboard page holds no data; it asks for the token").isEqualTo(200);
        assertThat(page.body()).doesNotContain(b1.uri().toString());
        HttpResponse<String> pageWithQuery = http.send(request(guarded, "/?x").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pageWithQuery.statusCode()).isEqualTo(200);
        HttpResponse<String> api = http.send(request(guarded, "/api").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        HttpResponse<String> unknownPath = http.send(request(guarded, "/nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownPath.statusCode()).isEqualTo(401);
        HttpResponse<String> change = http.send(request(guarded, "/backends?url=" + b1.uri())
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(change.statusCode()).isEqualTo(401);
        assertThat(guarded.backendStatus()).hasSize(1);
    }

    @Test
    void rightTokenIsAccepted() throws Exception {
        LoadBalancer guarded = closeLater(LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                .adminToken(TOKEN).backend(b1.uri().toString()).build().start());

        for (String scheme : List.of("Bearer ", "bearer ")) {
            HttpResponse<String> response = http.send(request(guarded, "/status.json")
                    .header("Authorization", scheme + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json.readTree(response.body()).get("backends").size()).isEqualTo(1);
        }
        HttpResponse<String> metrics = http.send(request(guarded, "/metrics")
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
    }

    // --- lifecycle ---

    @Test
    void warnsOnceWhenReachableBeyondThisHostWithoutAToken() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        LoadBalancer open;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            open = closeLater(LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                    .adminBindAddress("0.0.0.0").backend(b1.uri().toString()).build().start());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).containsOnlyOnce("is reachable beyond this host without a token; set adminToken")
                .contains("admin server listening on");
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                adminAddress(open).getPort());
        try (RawAdminConnection connection = new RawAdminConnection(loopback)) {
            connection.send("GET /status.json HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void adminPortInUseFailsStartNamingTheAdminAddressAndReleasesTheProxyPort() throws Exception {
        int proxyPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            LoadBalancer doomed = LoadBalancer.builder().port(proxyPort).bindAddress("127.0.0.1")
                    .adminPort(taken.getLocalPort()).backend(b1.uri().toString()).build();

            assertThatThrownBy(doomed::start).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("admin server")
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
            assertThat(doomed.adminAddress()).isEmpty();
        }
        try (LoadBalancer again = LoadBalancer.builder().port(proxyPort).bindAddress("127.0.0.1")
                .backend(b1.uri().toString()).build().start()) {
            assertThat(again.port()).isEqualTo(proxyPort);
        }
    }

    @Test
    void stoppingTheBalancerStopsTheAdminServer() throws Exception {
        InetSocketAddress admin = adminAddress(lb);
        lb.close();

        assertThatThrownBy(() -> new RawAdminConnection(admin).close()).isInstanceOf(IOException.class);
        try (ServerSocket rebound = new ServerSocket()) {
            rebound.setReuseAddress(true);
            rebound.bind(admin);
        }
    }

    // --- helpers ---

    private static InetSocketAddress adminAddress(LoadBalancer balancer) {
        return balancer.adminAddress().orElseThrow();
    }

    private static HttpRequest.Builder request(LoadBalancer balancer, String pathAndQuery) {
        InetSocketAddress admin = adminAddress(balancer);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
    }

    /** Sends a request; a body is sent as JSON. */
    private HttpResponse<String> send(LoadBalancer balancer, String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(balancer, pathAndQuery);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(HttpResponse<String> response) throws IOException {
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        JsonNode body = json.readTree(response.body());
        assertThat(fieldNames(body)).containsExactly("error");
        return body.get("error").textValue();
    }

    private List<String> statusUrls() throws Exception {
        List<String> urls = new ArrayList<>();
        json.readTree(send(lb, "GET", "/status.json", null).body()).get("backends")
                .forEach(b -> urls.add(b.get("url").textValue()));
        return urls;
    }

    private JsonNode statusBackend(String url) throws Exception {
        for (JsonNode backend : json.readTree(send(lb, "GET", "/status.json", null).body()).get("backends")) {
            if (backend.get("url").textValue().equals(url)) {
                return backend;
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
