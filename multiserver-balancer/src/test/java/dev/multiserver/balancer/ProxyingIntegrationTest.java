package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProxyingIntegrationTest {

    private TestBackend b1;
    private TestBackend b2;
    private LoadBalancer lb;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        b1 = TestBackend.start("b1");
        b2 = TestBackend.start("b2");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .backend(b1.uri().toString()).backend(b2.uri().toString())
                .build().start();
    }

    @AfterEach
    void stop() {
        lb.close();
        b1.close();
        b2.close();
    }

    private String url(String pathAndQuery) {
        return "http://127.0.0.1:" + lb.port() + pathAndQuery;
    }

    @Test
    void alternatesBetweenBackendsRoundRobin() throws Exception {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/r" + i))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            served.add(response.headers().firstValue("X-Backend-Id").orElseThrow());
            assertThat(EchoedRequest.parse(response.body()).uri()).isEqualTo("/r" + i);
        }
        assertThat(served).containsExactly("b1", "b2", "b1", "b2", "b1", "b2");
    }

    @Test
    void keepsTheClientConnectionAndReusesUpstreamConnections() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            for (int i = 0; i < 6; i++) {
                client.send("GET /k" + i + " HTTP/1.1\r\nHost: example.test\r\n\r\n");
                RawHttpClient.Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Connection")).isNull();
            }
        }
        assertThat(b1.requestCount() + b2.requestCount()).isEqualTo(6);
        assertThat(b1.connectionCount()).isEqualTo(1);
        assertThat(b2.connectionCount()).isEqualTo(1);
    }

    @Test
    void streamsContentLengthAndChunkedRequestBodies() throws Exception {
        String body = "x".repeat(200_000);
        HttpResponse<String> sized = http.send(HttpRequest.newBuilder(URI.create(url("/upload")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(EchoedRequest.parse(sized.body()).bodyLength()).isEqualTo(200_000);

        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /echo?echo=true HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello world");
        }
    }

    @Test
    void answersHeadWithoutBodyButWithItsLength() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("HEAD /thing?size=1234 HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response head = client.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo("1234");
            // The next response on the same connection starts right away: no body bytes were sent.
            client.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response next = client.read();
            assertThat(EchoedRequest.parse(next.bodyText()).uri()).isEqualTo("/after");
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /first?delay=300 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /third HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(EchoedRequest.parse(client.read().bodyText()).uri()).isEqualTo("/first?delay=300");
            EchoedRequest second = EchoedRequest.parse(client.read().bodyText());
            assertThat(second.uri()).isEqualTo("/second");
            assertThat(second.bodyLength()).isEqualTo(3);
            assertThat(EchoedRequest.parse(client.read().bodyText()).uri()).isEqualTo("/third");
        }
    }

    @Test
    void relays100ContinueBeforeTheBodyIsSent() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /expect HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawHttpClient.Response interim = client.read();
            assertThat(interim.status()).isEqualTo(100);
            client.send("hello");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(EchoedRequest.parse(response.bodyText()).bodyLength()).isEqualTo(5);
        }
    }

    @Test
    void removesHopByHopHeadersInBothDirections() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /hop?header=X-Private:1&header=Connection:X-Private&header=Keep-Alive:timeout%3D5"
                    + " HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n"
                    + "Keep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: h2c\r\nProxy-Authorization: Basic eA==\r\n"
                    + "Proxy-Connection: keep-alive\r\nX-End-To-End: kept\r\n\r\n");
            RawHttpClient.Response response = client.read();
            EchoedRequest seen = EchoedRequest.parse(response.bodyText());
            for (String hop : List.of("Connection", "X-Secret", "Keep-Alive", "TE", "Upgrade",
                    "Proxy-Authorization", "Proxy-Connection")) {
                assertThat(seen.headers(hop)).as(hop).isEmpty();
            }
            assertThat(seen.header("X-End-To-End")).isEqualTo("kept");
            assertThat(response.header("X-Private")).isNull();
            assertThat(response.header("Keep-Alive")).isNull();
            assertThat(response.header("Connection")).isNull();
            assertThat(response.header("X-Backend-Id")).isNotNull();
        }
    }

    @Test
    void addsForwardingHeadersAndPreservesHost() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /fwd HTTP/1.1\r\nHost: shop.example:8443\r\nX-Forwarded-For: 203.0.113.7\r\n"
                    + "X-Forwarded-Proto: https-spoofed\r\n\r\n");
            EchoedRequest seen = EchoedRequest.parse(client.read().bodyText());
            assertThat(seen.headers("Host")).containsExactly("shop.example:8443");
            assertThat(seen.headers("X-Forwarded-For")).containsExactly("203.0.113.7, 127.0.0.1");
            assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(seen.header("X-Forwarded-Host")).isEqualTo("shop.example:8443");
            assertThat(seen.header("X-Forwarded-Port")).isEqualTo(Integer.toString(lb.port()));
            assertThat(seen.header("Forwarded")).isNull();
        }
    }

    @Test
    void addsRfc7239ForwardedWhenEnabled() throws Exception {
        try (LoadBalancer withForwarded = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .backend(b1.uri().toString()).forwardedHeader(true).build().start();
                RawHttpClient client = new RawHttpClient(withForwarded.port())) {
            client.send("GET /fwd HTTP/1.1\r\nHost: shop.example\r\nForwarded: for=198.51.100.1\r\n\r\n");
            EchoedRequest seen = EchoedRequest.parse(client.read().bodyText());
            assertThat(seen.headers("Forwarded"))
                    .containsExactly("for=198.51.100.1, for=127.0.0.1;host=shop.example;proto=http");
        }
    }

    @Test
    void speaksHttp10ToOldClientsAndClosesAfterward() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /old?chunked=true&size=10 HTTP/1.0\r\n\r\n");
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Transfer-Encoding")).isNull();
            assertThat(response.body()).hasSize(10);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void passesStatusAndBodyThroughUnchanged() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url("/x?status=418&size=70000")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.body()).hasSize(70_000);
        for (int i = 0; i < response.body().length; i++) {
            if (response.body()[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
    }

    @Test
    void passesAChunkedResponseOnAsChunked() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /c?size=100000&chunked=true HTTP/1.1\r\nHost: a\r\n\r\n");
            RawHttpClient.Response response = client.read();
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.body()).hasSize(100_000);
            client.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
    }

    @Test
    void reframesACloseDelimitedResponseSoTheClientConnectionSurvives() throws Exception {
        b1.respondWith((request, responder) -> responder.sendRawAndClose(
                "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end".getBytes(StandardCharsets.US_ASCII)));
        b2.respondWith((request, responder) -> responder.sendRawAndClose(
                "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end".getBytes(StandardCharsets.US_ASCII)));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            for (int i = 0; i < 2; i++) {
                client.send("GET /old-backend HTTP/1.1\r\nHost: a\r\n\r\n");
                RawHttpClient.Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(response.header("Connection")).isNull();
                assertThat(response.bodyText()).isEqualTo("until the end");
            }
        }
    }
}
