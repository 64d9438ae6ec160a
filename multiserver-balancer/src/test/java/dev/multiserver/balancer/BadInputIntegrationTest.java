package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.TestBackend;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed and smuggling-shaped requests are refused at the edge and never reach a backend. */
class BadInputIntegrationTest {

    private TestBackend backend;
    private LoadBalancer lb;

    @BeforeEach
    void start() {
        backend = TestBackend.start("b1");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .maxRequestLineLength(1024).maxHeaderSize(2048).headerTimeout(Duration.ofMillis(500))
                .build().start();
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("content-length and transfer-encoding together",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n", 400),
                Arguments.of("conflicting content-length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
                Arguments.of("repeated content-length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
                Arguments.of("content-length list",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", 400),
                Arguments.of("negative content-length",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("unknown transfer-coding",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("chunked applied twice",
                        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("obs-fold",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n", 400),
                Arguments.of("obs-fold with tab",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n\ttwo\r\n\r\n", 400),
                Arguments.of("bare LF in the header section",
                        "GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", 400),
                Arguments.of("bare LF line endings",
                        "GET / HTTP/1.1\nHost: a\n\n", 400),
                Arguments.of("space before colon",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", 400),
                Arguments.of("malformed request line",
                        "GET /\r\n\r\n", 400),
                Arguments.of("garbage",
                        "\u0001\u0002hello\r\n\r\n", 400),
                Arguments.of("HTTP/1.1 without Host",
                        "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", 400),
                Arguments.of("two Host headers",
                        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("request line over the limit",
                        "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414),
                Arguments.of("header section over the limit",
                        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(4000) + "\r\n\r\n", 431));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesAndClosesWithoutForwarding(String name, String raw, int expectedStatus) throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send(raw);
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(expectedStatus);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(response.bodyText()).startsWith(expectedStatus + " ").doesNotContain("Exception\n\tat");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(backend.requestCount()).isZero();
    }

    static Stream<Arguments> badChunkedBodies() {
        return Stream.of(
                Arguments.of("invalid chunk size", "zz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflow", "ffffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("bare LF after chunk extension", "5;a\nb\r\nhello\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunkedBodies")
    void refusesInvalidChunkedBodiesWithoutCompletingTheUpstreamRequest(String name, String body) throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(client.isClosedByServer()).isTrue();
        }
        // The head may have gone upstream, but the request never completed there.
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void cutsOffAClientThatSendsItsHeadersTooSlowly() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /slow HTTP/1.1\r\nHost: a\r\n");
            long start = System.nanoTime();
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void keepsServingAfterBadClients() throws Exception {
        try (RawHttpClient bad = new RawHttpClient(lb.port())) {
            bad.send("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
            assertThat(bad.read().status()).isEqualTo(400);
        }
        try (RawHttpClient good = new RawHttpClient(lb.port())) {
            good.send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(good.read().status()).isEqualTo(200);
        }
    }
}
