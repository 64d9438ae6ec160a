package dev.multiserver.testkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestBackendIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final TestBackend backend = TestBackend.start("b1");

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void listensOnLoopbackAndNamesItself() {
        assertThat(backend.id()).isEqualTo("b1");
        assertThat(backend.address().getHostString()).isEqualTo("127.0.0.1");
        assertThat(backend.uri()).hasToString("http://127.0.0.1:" + backend.port());
    }

    @Test
    void answersWithAJsonDescriptionOfTheRequest() throws Exception {
        HttpResponse<String> response = client.send(
                request("/x?y=1").header("X-Test", "one").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("b1");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("backend").asText()).isEqualTo("b1");
        assertThat(json.get("method").asText()).isEqualTo("GET");
        assertThat(json.get("uri").asText()).isEqualTo("/x?y=1");
        assertThat(json.get("version").asText()).isEqualTo("HTTP/1.1");
        assertThat(json.get("headers")).anySatisfy(header -> {
            assertThat(header.get(0).asText()).isEqualTo("X-Test");
            assertThat(header.get(1).asText()).isEqualTo("one");
        });
        assertThat(json.get("bodyLength").asLong()).isZero();
        assertThat(json.get("bodySha256").asText()).isEqualTo(EMPTY_SHA256);
        assertThat(backend.lastRequestHeaders().get("X-Test")).isEqualTo("one");
    }

    @Test
    void countsAndHashesTheRequestBody() throws Exception {
        byte[] body = "hello, backend".getBytes(UTF_8);

        HttpResponse<String> response = client.send(
                request("/upload").POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("method").asText()).isEqualTo("POST");
        assertThat(json.get("bodyLength").asLong()).isEqualTo(body.length);
        assertThat(json.get("bodySha256").asText()).isEqualTo(sha256(body));
        assertThat(backend.lastRequest().bodySha256()).isEqualTo(sha256(body));
    }

    @Test
    void answersWithTheRequestedStatus() throws Exception {
        HttpResponse<String> response = client.send(request("/?status=503").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("X-Backend-Id")).hasValue("b1");
    }

    @Test
    void delaysTheResponseWithoutHoldingUpOtherRequests() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow =
                client.sendAsync(request("/?delay=700").build(), BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestCount() == 1);

        HttpResponse<String> fast = client.send(request("/fast").build(), BodyHandlers.ofString());

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(slow).isNotDone();
        assertThat(slow.get().statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void streamsAGeneratedBodyWithContentLength() throws Exception {
        long size = 64L << 20;

        HttpResponse<InputStream> response =
                client.send(request("/?size=" + size).build(), BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(size);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        try (InputStream body = response.body()) {
            assertThat(PatternStreams.verify(body)).isEqualTo(size);
        }
    }

    @Test
    void streamsBodiesLargerThanTheHeapBothWays() throws Exception {
        long size = 256L << 20;   // failsafe runs this module with -Xmx128m: nothing may hold a whole body

        HttpResponse<String> upload = client.send(request("/big").POST(BodyPublishers.fromPublisher(
                BodyPublishers.ofInputStream(() -> PatternStreams.of(size)), size)).build(), BodyHandlers.ofString());
        HttpResponse<InputStream> download =
                client.send(request("/big?size=" + size).build(), BodyHandlers.ofInputStream());

        JsonNode json = JSON.readTree(upload.body());
        assertThat(json.get("bodyLength").asLong()).isEqualTo(size);
        assertThat(json.get("bodySha256").asText()).isEqualTo(PatternStreams.sha256(PatternStreams.of(size)));
        try (InputStream body = download.body()) {
            assertThat(PatternStreams.verify(body)).isEqualTo(size);
        }
    }

    @Test
    void streamsAGeneratedBodyChunkedWhenAsked() throws Exception {
        int size = 200_000;
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String head = connection.send("GET /?size=" + size + "&chunked=true HTTP/1.1\r\nHost: b\r\n\r\n")
                    .readHead();
            PatternCheck body = new PatternCheck();

            assertThat(head).containsIgnoringCase("transfer-encoding: chunked\r\n")
                    .doesNotContainIgnoringCase("content-length");
            assertThat(connection.readChunkedBody(body)).isEqualTo(size);
            assertThat(body.length()).isEqualTo(size);
        }
    }

    @Test
    void answersHeadWithTheLengthButNoBody() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String first = connection.send("HEAD /?size=5000 HTTP/1.1\r\nHost: b\r\n\r\n").readHead();
            String second = connection.send("GET /?size=3 HTTP/1.1\r\nHost: b\r\n\r\n").readHead();

            assertThat(first).containsIgnoringCase("content-length: 5000\r\n");
            assertThat(second).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: 3\r\n");
            assertThat(connection.readBytes(3)).containsExactly(0, 1, 2);
        }
    }

    @Test
    void echoesTheRequestBodyChunked() throws Exception {
        // Small enough for socket buffers: java.net.http.HttpClient may not read a response before it has sent
        // the whole request body, so a large echo would stall it. See the raw-socket test for large ones.
        long size = 64 << 10;

        HttpResponse<InputStream> response = client.send(
                request("/?echo=true").POST(BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> PatternStreams.of(size)), size)).build(),
                BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        try (InputStream body = response.body()) {
            assertThat(PatternStreams.verify(body)).isEqualTo(size);
        }
        assertThat(backend.lastRequest().bodyLength()).isEqualTo(size);
    }

    @Test
    void echoReadsNoFasterThanTheClientTakesTheEcho() throws Exception {
        long size = 64L << 20;
        try (RawConnection connection = RawConnection.open(backend.port())) {
            connection.send("POST /?echo=true HTTP/1.1\r\nHost: b\r\nContent-Length: " + size + "\r\n\r\n");
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try (InputStream pattern = PatternStreams.of(size)) {
                    pattern.transferTo(connection.output());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            // Nobody reads the echo, so the backend must stop reading and the upload must stall.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !upload.isDone());

            PatternCheck echoed = new PatternCheck();
            assertThat(connection.readHead()).startsWith("HTTP/1.1 200 OK");
            assertThat(connection.readChunkedBody(echoed)).isEqualTo(size);
            assertThat(echoed.length()).isEqualTo(size);
            upload.get();
        }
    }

    @Test
    void closesWithoutAnsweringForCloseBeforeResponse() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            byte[] received = connection.send("GET /?close=before-response HTTP/1.1\r\nHost: b\r\n\r\n")
                    .readToEnd();

            assertThat(received).isEmpty();
        }
        assertThat(backend.requestCount()).isEqualTo(1);
    }

    @Test
    void closesInTheMiddleOfTheBodyForCloseMidBody() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String head = connection.send("GET /?close=mid-body HTTP/1.1\r\nHost: b\r\n\r\n").readHead();

            assertThat(head).startsWith("HTTP/1.1 200 OK").containsIgnoringCase("content-length: 1000000\r\n");
            assertThat(connection.readToEnd()).hasSize(1000);
        }
    }

    @Test
    void resetsTheConnectionForCloseReset() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            connection.send("GET /?close=reset HTTP/1.1\r\nHost: b\r\n\r\n");

            assertThatThrownBy(connection::readToEnd)
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void addsRequestedHeadersAndClosesWhenOneSaysSo() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String response = connection.send("GET /?header=Connection:close&header=Keep-Alive:timeout=5"
                    + "&header=X-Backend-Id:other&header=Via:a&header=Via:b HTTP/1.1\r\nHost: b\r\n\r\n")
                    .readResponse();

            assertThat(response).contains("Connection: close\r\n", "Keep-Alive: timeout=5\r\n",
                            "X-Backend-Id: other\r\n", "Via: a\r\nVia: b\r\n")
                    .doesNotContain("X-Backend-Id: b1");
            assertThat(connection.readToEnd()).isEmpty();
        }
    }

    @Test
    void keepsConnectionsAliveAndCountsThem() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String first = connection.send("GET /1 HTTP/1.1\r\nHost: b\r\n\r\n").readResponse();
            String second = connection.send("GET /2 HTTP/1.1\r\nHost: b\r\n\r\n").readResponse();

            assertThat(first).startsWith("HTTP/1.1 200 OK").contains("\"uri\":\"/1\"");
            assertThat(second).startsWith("HTTP/1.1 200 OK").contains("\"uri\":\"/2\"");
            assertThat(backend.connectionCount()).isEqualTo(1);
            assertThat(backend.openConnectionCount()).isEqualTo(1);
            assertThat(backend.requestCount()).isEqualTo(2);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.openConnectionCount() == 0);
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            connection.send("GET /a?delay=200 HTTP/1.1\r\nHost: b\r\n\r\nGET /b HTTP/1.1\r\nHost: b\r\n\r\n");

            assertThat(connection.readResponse()).contains("\"uri\":\"/a?delay=200\"");
            assertThat(connection.readResponse()).contains("\"uri\":\"/b\"");
        }
    }

    @Test
    void closesAfterAnsweringARequestThatAsksToClose() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String response = connection.send("GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                    .readResponse();

            assertThat(response).containsIgnoringCase("connection: close\r\n");
            assertThat(connection.readToEnd()).isEmpty();
        }
    }

    @Test
    void keepsHttp10ConnectionsAliveOnlyWhenAsked() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String kept = connection.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").readResponse();
            String closed = connection.send("GET /2 HTTP/1.0\r\n\r\n").readResponse();

            assertThat(kept).containsIgnoringCase("connection: keep-alive\r\n");
            assertThat(closed).containsIgnoringCase("connection: close\r\n");
            assertThat(connection.readToEnd()).isEmpty();
        }
    }

    @Test
    void answersExpectContinueBeforeReadingTheBody() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String interim = connection.send(
                    "POST / HTTP/1.1\r\nHost: b\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").readHead();
            String response = connection.send("abc").readResponse();

            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200 OK").contains("\"bodyLength\":3");
        }
    }

    @Test
    void skipsTheInterimResponseWhenContinueIsFalse() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            String response = connection.send("POST /?continue=false HTTP/1.1\r\nHost: b\r\n"
                    + "Expect: 100-continue\r\nContent-Length: 3\r\n\r\nabc").readResponse();

            assertThat(response).startsWith("HTTP/1.1 200 OK").contains("\"bodyLength\":3");
        }
    }

    @Test
    void refusesConnectionsOnTheSamePortUntilAcceptingAgain() throws Exception {
        int port = backend.port();
        backend.refuseConnections();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

        backend.acceptConnections();
        assertThat(backend.port()).isEqualTo(port);
        HttpResponse<String> response = client.send(request("/").build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void keepsOpenConnectionsWhileRefusingNewOnesAndDropsThemOnRequest() throws Exception {
        try (RawConnection connection = RawConnection.open(backend.port())) {
            connection.send("GET / HTTP/1.1\r\nHost: b\r\n\r\n").readResponse();
            backend.refuseConnections();

            assertThat(connection.send("GET /again HTTP/1.1\r\nHost: b\r\n\r\n").readResponse())
                    .startsWith("HTTP/1.1 200 OK");

            backend.dropConnections();
            assertThat(connection.readToEnd()).isEmpty();
            assertThat(backend.openConnectionCount()).isZero();
        }
    }

    @Test
    void answersWithACustomHandlerUntilReset() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        backend.respondWith((request, responder) -> {
            calls.incrementAndGet();
            responder.respond(HttpResponseStatus.valueOf(418),
                    new DefaultHttpHeaders().set("X-Seen", request.uri()), "short and stout".getBytes(UTF_8));
        });

        HttpResponse<String> custom = client.send(request("/tea?status=500").build(), BodyHandlers.ofString());
        backend.resetBehaviour();
        HttpResponse<String> scripted = client.send(request("/tea?status=500").build(), BodyHandlers.ofString());

        assertThat(custom.statusCode()).isEqualTo(418);
        assertThat(custom.body()).isEqualTo("short and stout");
        assertThat(custom.headers().firstValue("X-Seen")).hasValue("/tea?status=500");
        assertThat(custom.headers().firstValue("X-Backend-Id")).hasValue("b1");
        assertThat(scripted.statusCode()).isEqualTo(500);
        assertThat(calls).hasValue(1);
    }

    @Test
    void customHandlerMayAnswerLaterFromAnotherThreadOrFallBackToTheScript() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        backend.respondWith((request, responder) -> {
            if (calls.incrementAndGet() == 1) {
                CompletableFuture.runAsync(() -> responder.respond(HttpResponseStatus.ACCEPTED, "later"));
            } else {
                responder.respondAsScripted();
            }
        });

        HttpResponse<String> later = client.send(request("/").build(), BodyHandlers.ofString());
        HttpResponse<String> scripted = client.send(request("/?status=204").build(), BodyHandlers.ofString());

        assertThat(later.statusCode()).isEqualTo(202);
        assertThat(later.body()).isEqualTo("later");
        assertThat(scripted.statusCode()).isEqualTo(204);
    }

    @Test
    void customHandlerCanSendRawBytesAndAnswersOnlyOnce() throws Exception {
        AtomicInteger secondAnswer = new AtomicInteger();
        backend.respondWith((request, responder) -> {
            responder.sendRawAndClose("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort".getBytes(ISO_8859_1));
            try {
                responder.close();
            } catch (IllegalStateException expected) {
                secondAnswer.incrementAndGet();
            }
        });

        try (RawConnection connection = RawConnection.open(backend.port())) {
            byte[] received = connection.send("GET / HTTP/1.1\r\nHost: b\r\n\r\n").readToEnd();

            assertThat(new String(received, ISO_8859_1))
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> secondAnswer.get() == 1);
    }

    @Test
    void failingHandlerAnswers500WithTheException() throws Exception {
        backend.respondWith((request, responder) -> {
            throw new IllegalStateException("handler broke");
        });

        HttpResponse<String> response = client.send(request("/").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("handler broke");
    }

    @Test
    void refusesABadScriptWith400NamingTheParameter() throws Exception {
        HttpResponse<String> response = client.send(request("/?size=lots").build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("size: lots (expected: a number)");
    }

    @Test
    void closedBackendRefusesConnectionsAndFurtherScripting() {
        int port = backend.port();
        backend.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(backend::refuseConnections)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("test backend b1 at 127.0.0.1:" + port + " is closed");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(backend.uri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
