package dev.multiserver.balancer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TrustAll;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Version;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 toward clients, over real sockets, proxied to HTTP/1.1 test backends: the JDK client over TLS (ALPN),
 * a Netty frame client for prior knowledge, resets, stream limits and GOAWAY.
 */
class Http2IntegrationTest {

    private static final int EIGHT_MIB = 8 << 20;

    private final Started started = new Started();

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    private LoadBalancer overTls(LoadBalancerBuilder builder, TestBackend... backends) {
        return started.balancer(builder.tls(ServerTls.selfSigned()), backends);
    }

    private static HttpClient client(Version version) {
        return HttpClient.newBuilder().version(version).sslContext(TrustAll.context()).build();
    }

    private static HttpRequest.Builder request(LoadBalancer lb, String target) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + lb.port() + target))
                .timeout(Duration.ofSeconds(30));
    }

    @Test
    void proxiesAnHttp2RequestToTheHttp11BackendWithTheUsualForwardingHeaders() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);

        HttpResponse<String> response = client(Version.HTTP_2).send(request(lb, "/hello?x=1")
                        .header("X-Test", "a").header("Cookie", "a=1").header("Cookie", "b=2").build(),
                BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-backend-id")).hasValue("b1");
        EchoedRequest seen = EchoedRequest.parse(response.body());
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.uri()).isEqualTo("/hello?x=1");
        assertThat(seen.version()).isEqualTo("HTTP/1.1");
        assertThat(seen.headers("Host")).containsExactly("127.0.0.1:" + lb.port());
        assertThat(seen.headers("X-Test")).containsExactly("a");
        assertThat(seen.headers("Cookie")).containsExactly("a=1; b=2");
        assertThat(seen.headers("X-Forwarded-Proto")).containsExactly("https");
        assertThat(seen.headers("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(seen.headers("X-Forwarded-Host")).containsExactly("127.0.0.1:" + lb.port());
        assertThat(seen.headers()).noneMatch(header -> header[0].toLowerCase().startsWith("x-http2-"))
                .noneMatch(header -> header[0].startsWith(":"))
                .noneMatch(header -> header[0].equalsIgnoreCase("Transfer-Encoding"));
        assertThat(seen.bodyLength()).isZero();
    }

    @Test
    void manyConcurrentRequestsShareOneConnectionAndAreSpreadOverTheBackends() throws Exception {
        TestBackend b1 = started.backend("b1");
        TestBackend b2 = started.backend("b2");
        TestBackend b3 = started.backend("b3");
        // The JDK 17 client opens streams past the server's SETTINGS_MAX_CONCURRENT_STREAMS, and fails the
        // refused ones instead of retrying them: let all 200 in.
        LoadBalancer lb = overTls(LoadBalancer.builder().maxConcurrentStreams(256), b1, b2, b3);
        HttpClient client = client(Version.HTTP_2);
        // Requests made before the client has a connection each open one; after, they share it.
        assertThat(client.send(request(lb, "/first").build(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 200)
                .mapToObj(i -> client.sendAsync(request(lb, "/many/" + i + "?delay=100").build(),
                        BodyHandlers.ofString()))
                .toList();

        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(Version.HTTP_2);
            assertThat(EchoedRequest.parse(response.body()).uri()).isEqualTo("/many/" + i + "?delay=100");
        }
        assertThat(List.of(b1.requestCount(), b2.requestCount(), b3.requestCount())).containsOnly(67);
        assertThat(b1.maxConcurrentRequests() + b2.maxConcurrentRequests() + b3.maxConcurrentRequests())
                .as("requests in flight at once").isGreaterThan(30);
        PrometheusScrape metrics = PrometheusScrape.of(lb);
        assertThat(metrics.value("multiserver_http2_connections_total")).hasValue(1);
        assertThat(metrics.value("multiserver_http2_streams_total")).hasValue(201);
    }

    @Test
    void streamsALargeUploadBackAsItArrivesAndALargeDownloadChecked() throws Exception {
        TestBackend backend = started.backend("big");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);
        HttpClient client = client(Version.HTTP_2);
        byte[] body = new byte[EIGHT_MIB];
        new Random(42).nextBytes(body);

        // No length: the JDK client streams an InputStream body, and the balancer must frame it for HTTP/1.1.
        HttpResponse<InputStream> echoed = client.send(request(lb, "/upload?echo=true")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                BodyHandlers.ofInputStream());

        assertThat(echoed.version()).isEqualTo(Version.HTTP_2);
        assertThat(echoed.statusCode()).isEqualTo(200);
        try (InputStream in = echoed.body()) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(body));
        }
        assertThat(backend.lastRequest().bodyLength()).isEqualTo(EIGHT_MIB);
        assertThat(backend.lastRequest().bodySha256()).isEqualTo(sha256(body));
        assertThat(backend.lastRequest().header("Transfer-Encoding")).isEqualTo("chunked");

        HttpResponse<byte[]> download = client.send(request(lb, "/download?size=" + EIGHT_MIB).build(),
                BodyHandlers.ofByteArray());

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("content-length")).hasValue(EIGHT_MIB);
        byte[] expected = new byte[EIGHT_MIB];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i % 251);
        }
        assertThat(sha256(download.body())).isEqualTo(sha256(expected));
    }

    @Test
    void aClientThatStopsReadingStallsItsOwnUploadInsteadOfFillingTheBalancer() throws Exception {
        TestBackend backend = started.backend("echo");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);
        byte[] body = new byte[64 << 20];
        new Random(3).nextBytes(body);

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            // The backend echoes no faster than its answer is read: with the answer unread, only flow control
            // at every hop (client window, backend socket, request stream window) can hold the upload back.
            Http2TestClient.Stream echo = client.send(new DefaultHttp2Headers().method("POST").path("/?echo=true"),
                    body, false);
            await().until(() -> backend.requestUris().contains("/?echo=true"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> backend.requestCount() == 0);

            echo.startReading();

            Http2TestClient.Response response = echo.response().get(60, SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyLength()).isEqualTo(body.length);
            assertThat(response.bodySha256()).isEqualTo(sha256(body));
            assertThat(backend.lastRequest().bodyLength()).isEqualTo(body.length);
        }
    }

    @Test
    void localRoutesAndCompressionServeHttp2StreamsToo() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder()
                .route("GET", "/healthz", request -> LocalResponse.text(200, "ok\n"))
                .compression(Compression.defaults().withMinSize(0).withBrotli(false)), backend);
        HttpClient client = client(Version.HTTP_2);

        HttpResponse<String> local = client.send(request(lb, "/healthz").build(), BodyHandlers.ofString());
        HttpResponse<byte[]> compressed = client.send(request(lb, "/json").header("Accept-Encoding", "gzip").build(),
                BodyHandlers.ofByteArray());

        assertThat(local.version()).isEqualTo(Version.HTTP_2);
        assertThat(local.body()).isEqualTo("ok\n");
        assertThat(compressed.version()).isEqualTo(Version.HTTP_2);
        assertThat(compressed.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(compressed.headers().firstValue("content-length")).isEmpty();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed.body()))) {
            assertThat(EchoedRequest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).uri())
                    .isEqualTo("/json");
        }
        assertThat(backend.requestUris()).containsExactly("/json");
    }

    @Test
    void aClientThatOffersOnlyHttp11IsServedHttp11OnTheSamePort() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);

        HttpResponse<String> h1 = client(Version.HTTP_1_1).send(request(lb, "/one").build(), BodyHandlers.ofString());
        HttpResponse<String> h2 = client(Version.HTTP_2).send(request(lb, "/two").build(), BodyHandlers.ofString());

        assertThat(h1.version()).isEqualTo(Version.HTTP_1_1);
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(h2.version()).isEqualTo(Version.HTTP_2);
        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(backend.requestUris()).containsExactly("/one", "/two");
    }

    @Test
    void withHttp2TurnedOffAlpnOffersOnlyHttp11() throws Exception {
        LoadBalancer lb = overTls(LoadBalancer.builder().http2(false), started.backend("b1"));

        HttpResponse<String> response = client(Version.HTTP_2).send(request(lb, "/").build(), BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void headNoContentAndNotModifiedAnswersHaveNoBody() throws Exception {
        LoadBalancer lb = overTls(LoadBalancer.builder(), started.backend("b1"));
        HttpClient client = client(Version.HTTP_2);

        HttpResponse<String> head = client.send(request(lb, "/?size=1000").method("HEAD", BodyPublishers.noBody())
                .build(), BodyHandlers.ofString());
        HttpResponse<String> noContent = client.send(request(lb, "/?status=204").build(), BodyHandlers.ofString());
        HttpResponse<String> notModified = client.send(request(lb, "/?status=304").build(), BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(1000);
        assertThat(head.body()).isEmpty();
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(List.of(head.version(), noContent.version(), notModified.version())).containsOnly(Version.HTTP_2);
    }

    @Test
    void anExpectContinueRequestGetsTheBackendsInterimAnswer() throws Exception {
        LoadBalancer lb = overTls(LoadBalancer.builder(), started.backend("b1"));

        HttpResponse<String> response = client(Version.HTTP_2).send(request(lb, "/form").expectContinue(true)
                .POST(BodyPublishers.ofString("hello")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(EchoedRequest.parse(response.body()).bodyLength()).isEqualTo(5);
    }

    @Test
    void connectionSpecificHeadersOfTheBackendNeverReachAnHttp2Client() throws Exception {
        LoadBalancer lb = overTls(LoadBalancer.builder(), started.backend("b1"));

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            // Netty's client validates what it receives: a connection-specific header would reset the stream.
            Http2TestClient.Response response = client.send("GET", "/?size=100&chunked=true"
                    + "&header=Keep-Alive:timeout%3D5&header=Connection:close&header=Upgrade:websocket")
                    .response().get(10, SECONDS);

            assertThat(response.resetBy()).isNull();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).hasSize(100);
            assertThat(response.headers().names()).extracting(CharSequence::toString)
                    .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade");
        }
    }

    @Test
    void aBodyWithoutALengthIsForwardedChunkedAndAHeadersOnlyRequestWithout() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            assertThat(client.send(new DefaultHttp2Headers().method("POST").path("/unsized"), body)
                    .response().get(10, SECONDS).status()).isEqualTo(200);
            assertThat(backend.lastRequest().header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(backend.lastRequest().header("Content-Length")).isNull();
            assertThat(backend.lastRequest().bodySha256()).isEqualTo(sha256(body));

            assertThat(client.send(new DefaultHttp2Headers().method("POST").path("/sized")
                    .setInt("content-length", 5), "hello".getBytes(StandardCharsets.US_ASCII))
                    .response().get(10, SECONDS).status()).isEqualTo(200);
            assertThat(backend.lastRequest().header("Content-Length")).isEqualTo("5");
            assertThat(backend.lastRequest().header("Transfer-Encoding")).isNull();
            assertThat(backend.lastRequest().bodyLength()).isEqualTo(5);

            assertThat(client.send("POST", "/empty").response().get(10, SECONDS).status()).isEqualTo(200);
            assertThat(backend.lastRequest().uri()).isEqualTo("/empty");
            assertThat(backend.lastRequest().header("Transfer-Encoding")).isNull();
            assertThat(backend.lastRequest().bodyLength()).isZero();
        }
    }

    @Test
    void aMalformedRequestIsResetWithoutReachingTheBackend() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            List<Http2Headers> malformed = List.of(
                    new DefaultHttp2Headers().method("GET"),
                    new DefaultHttp2Headers().path("/no-method"),
                    new DefaultHttp2Headers().method("G(ET").path("/bad-method"),
                    new DefaultHttp2Headers().method("GET").path("/two-hosts").add("host", "elsewhere.example"),
                    new DefaultHttp2Headers().method("GET").path("/connection").add("connection", "keep-alive"),
                    new DefaultHttp2Headers().method("GET").path("/ws").add("upgrade", "websocket"));
            for (Http2Headers headers : malformed) {
                assertThat(client.send(headers, null).response().get(10, SECONDS).resetBy())
                        .as("%s", headers).isEqualTo(Http2Error.PROTOCOL_ERROR);
            }
            assertThat(client.send("GET", "/fine").response().get(10, SECONDS).status()).isEqualTo(200);
        }
        assertThat(backend.requestUris()).containsExactly("/fine");
    }

    @Test
    void anAnswerBeforeTheRequestEndsStopsTheUploadWithoutFailingTheAnswer() throws Exception {
        TestBackend backend = started.backend("down");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);
        backend.refuseConnections();

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            Http2TestClient.Stream upload = client.open(new DefaultHttp2Headers().method("POST").path("/upload"));

            assertThat(upload.response().get(10, SECONDS).status()).isEqualTo(502);
            assertThat(upload.resetByServer().get(5, SECONDS)).isEqualTo(Http2Error.NO_ERROR);
        }
    }

    @Test
    void resettingAStreamCancelsItsRequestAndClosesItsUpstreamConnection() throws Exception {
        TestBackend backend = started.backend("slow");
        LoadBalancer lb = overTls(LoadBalancer.builder(), backend);

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            Http2TestClient.Stream slow = client.send("GET", "/slow?delay=60000");
            await().until(() -> backend.requestUris().contains("/slow?delay=60000"));
            assertThat(backend.openConnectionCount()).isEqualTo(1);

            slow.reset();

            await().until(() -> backend.openConnectionCount() == 0);
            await().until(() -> lb.activeRequests() == 0);
            // Only that stream is gone: the connection serves the next request.
            assertThat(client.send("GET", "/after").response().get(10, SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void streamsBeyondMaxConcurrentStreamsAreRefused() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder().maxConcurrentStreams(2), backend);

        try (Http2TestClient client = Http2TestClient.tls(lb.port()).ignoringTheServersStreamLimit()) {
            List<Http2TestClient.Stream> streams = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                streams.add(client.send("GET", "/s" + i + "?delay=1000"));
            }
            List<Http2TestClient.Response> responses = new ArrayList<>();
            for (Http2TestClient.Stream stream : streams) {
                responses.add(stream.response().get(10, SECONDS));
            }

            assertThat(responses).extracting(Http2TestClient.Response::status).containsExactly(200, 200, 0, 0);
            assertThat(responses).extracting(Http2TestClient.Response::resetBy)
                    .containsExactly(null, null, Http2Error.REFUSED_STREAM, Http2Error.REFUSED_STREAM);
            assertThat(backend.requestUris()).containsExactlyInAnyOrder("/s0?delay=1000", "/s1?delay=1000");
        }
    }

    @Test
    void aHeaderListLargerThanMaxHeaderSizeIsAnswered431AndAFarLargerOneEndsTheConnection() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = overTls(LoadBalancer.builder().maxHeaderSize(4096), backend);

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            Http2TestClient.Response response = client.send(new DefaultHttp2Headers().method("GET").path("/big")
                    .set("x-big", "x".repeat(4200)), null).response().get(10, SECONDS);

            assertThat(response.status()).isEqualTo(431);
            // A quarter over the limit is an attack, not a mistake: GOAWAY, and the connection closes.
            client.send(new DefaultHttp2Headers().method("GET").path("/huge").set("x-big", "x".repeat(6000)), null);
            client.goAway().get(5, SECONDS);
            client.closed().get(5, SECONDS);
        }
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void h2cWithPriorKnowledgeIsSpokenBesideHttp11WhenEnabled() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = started.balancer(LoadBalancer.builder().http2Cleartext(true), backend);

        try (Http2TestClient client = Http2TestClient.cleartext(lb.port())) {
            Http2TestClient.Response response = client.send("GET", "/h2c").response().get(10, SECONDS);

            assertThat(response.status()).isEqualTo(200);
            assertThat(backend.lastRequest().header("X-Forwarded-Proto")).isEqualTo("http");
        }
        assertThat(Started.get(lb, "/h1").status()).isEqualTo(200);
        assertThat(backend.requestUris()).containsExactly("/h2c", "/h1");
        assertThat(PrometheusScrape.of(lb).value("multiserver_http2_connections_total")).hasValue(1);
    }

    @Test
    void withoutH2cTheHttp2PrefaceIsABadHttp11Request() throws Exception {
        LoadBalancer lb = started.balancer(LoadBalancer.builder(), started.backend("b1"));

        try (Socket socket = new Socket("127.0.0.1", lb.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 400");
        }
    }

    @Test
    void drainingSendsGoAwayAndLetsStreamsInFlightFinish() throws Exception {
        TestBackend backend = started.backend("b1");
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .tls(ServerTls.selfSigned()).build().start();

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            Http2TestClient.Stream inFlight = client.send("GET", "/slow?delay=1000");
            await().until(() -> backend.requestUris().contains("/slow?delay=1000"));

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(lb::close);

            assertThat(client.goAway().get(5, SECONDS)).isEqualTo(inFlight.id());
            Http2TestClient.Response response = inFlight.response().get(10, SECONDS);
            assertThat(response.status()).isEqualTo(200);
            assertThat(EchoedRequest.parse(new String(response.body(), StandardCharsets.UTF_8)).uri())
                    .isEqualTo("/slow?delay=1000");
            client.closed().get(5, SECONDS);
            stopped.get(10, SECONDS);
        } finally {
            lb.close();
        }
    }

    @Test
    void anHttp2ConnectionWithoutStreamsIsClosedAfterTheIdleTimeout() throws Exception {
        LoadBalancer lb = overTls(LoadBalancer.builder().idleTimeout(Duration.ofMillis(500)), started.backend("b1"));

        try (Http2TestClient client = Http2TestClient.tls(lb.port())) {
            assertThat(client.send("GET", "/").response().get(10, SECONDS).status()).isEqualTo(200);

            client.goAway().get(5, SECONDS);
            client.closed().get(5, SECONDS);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
