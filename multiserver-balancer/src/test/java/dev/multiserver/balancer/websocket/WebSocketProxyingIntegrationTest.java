package dev.multiserver.balancer.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.Compression;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.route.Middleware;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.testkit.TrustAll;
import dev.multiserver.testkit.WebSocketEchoBackend;
import dev.multiserver.testkit.WebSocketEchoBackend.ReceivedClose;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** WebSockets through the balancer, with real clients (the JDK's) and real WebSocket backends. */
class WebSocketProxyingIntegrationTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().sslContext(TrustAll.context()).build();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private WebSocketEchoBackend backend(String id) {
        WebSocketEchoBackend backend = WebSocketEchoBackend.start(id);
        toClose.add(backend);
        return backend;
    }

    private LoadBalancer balancer(LoadBalancerBuilder builder, WebSocketEchoBackend... backends) {
        for (WebSocketEchoBackend backend : backends) {
            builder.backend(backend.uri().toString());
        }
        LoadBalancer lb = builder.port(0).bindAddress("127.0.0.1").build();
        toClose.add(lb);
        return lb.start();
    }

    private static URI ws(LoadBalancer lb, String path) {
        return URI.create("ws://127.0.0.1:" + lb.port() + path);
    }

    private static int openWebSockets(LoadBalancer lb) {
        return lb.backendStatus().stream().mapToInt(BackendStatus::webSockets).sum();
    }

    private WsClient connect(URI uri) {
        WsClient client = WsClient.connect(http, uri);
        toClose.add(() -> client.socket.abort());
        return client;
    }

    @Test
    void relaysTextBinaryAndPingsBothWays() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);

        WsClient client = connect(ws(lb, "/chat?room=a"));

        assertThat(client.sendAndReceive("hello")).isEqualTo("hello");
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        client.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        assertThat((byte[]) client.next()).containsExactly(bytes);
        client.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(WsClient.utf8(client.pongs.poll(10, TimeUnit.SECONDS))).isEqualTo("are you there");
        assertThat(backend.lastHandshakeHeaders().get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(backend.lastHandshakeHeaders().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(openWebSockets(lb)).isEqualTo(1);
        assertThat(lb.meterRegistry().get("multiserver.backend.websockets").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void stickySessionsSendEveryWebSocketOfAClientToItsBackend() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(Algorithm.stickySession("MSBACKEND")),
                backend("a"), backend("b"));
        List<String> cookies = new ArrayList<>();
        WsClient first = WsClient.connect(HttpClient.newBuilder().cookieHandler(new java.net.CookieManager() {
            @Override
            public void put(URI uri, Map<String, List<String>> headers) {
                cookies.addAll(headers.getOrDefault("set-cookie", headers.getOrDefault("Set-Cookie", List.of())));
            }
        }).build(), ws(lb, "/"));
        toClose.add(() -> first.socket.abort());
        String home = first.sendAndReceive("id");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.get(0).split(";", 2)[0];

        for (int i = 0; i < 6; i++) {
            WsClient again = WsClient.connect(http, ws(lb, "/"), cookie);
            toClose.add(() -> again.socket.abort());
            assertThat(again.sendAndReceive("id")).isEqualTo(home);
        }
    }

    @Test
    void relaysWithResponseCompressionOn() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder().compression(Compression.defaults()), backend("w1"));

        WsClient client = WsClient.connect(http, ws(lb, "/"), "a=b", "gzip, br");
        toClose.add(() -> client.socket.abort());

        String text = "compressible ".repeat(500);
        assertThat(client.sendAndReceive(text)).isEqualTo(text);
    }

    @Test
    void relaysOverTlsToo() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder().tls(ServerTls.selfSigned()), backend);

        WsClient client = connect(URI.create("wss://localhost:" + lb.port() + "/"));

        assertThat(client.sendAndReceive("over tls")).isEqualTo("over tls");
        assertThat(backend.lastHandshakeHeaders().get("X-Forwarded-Proto")).isEqualTo("https");
    }

    @Test
    void relaysSixteenMebibyteMessageIntact() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend("w1"));
        byte[] big = new byte[16 * 1024 * 1024];
        new Random(7).nextBytes(big);

        WsClient client = connect(ws(lb, "/"));
        client.socket.sendBinary(ByteBuffer.wrap(big), true).join();

        assertThat((byte[]) client.next()).isEqualTo(big);
    }

    @Test
    void keepsCloseCodesAndReasonsBothWays() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);

        WsClient clientCloses = connect(ws(lb, "/"));
        clientCloses.socket.sendClose(4001, "client says bye").join();
        assertThat(clientCloses.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new WsClient.Closed(4001,
                "client says bye"));
        assertThat(backend.closesReceived()).containsExactly(new ReceivedClose(4001, "client says bye"));

        WsClient backendCloses = connect(ws(lb, "/"));
        backendCloses.socket.sendText("close:4002:backend says bye", true).join();
        assertThat(backendCloses.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new WsClient.Closed(4002,
                "backend says bye"));

        await().atMost(Duration.ofSeconds(10)).until(() -> openWebSockets(lb) == 0 && backend.openConnections() == 0);
    }

    @Test
    void backendThatDisappearsClosesTheClientWithGoingAway() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);
        WsClient client = connect(ws(lb, "/"));
        assertThat(client.sendAndReceive("before")).isEqualTo("before");

        backend.dropConnections();

        WsClient.Closed closed = client.closed.get(10, TimeUnit.SECONDS);
        assertThat(closed.code()).isIn(1001, 1011);
        assertThat(closed.reason()).startsWith("backend");
        await().atMost(Duration.ofSeconds(10)).until(() -> openWebSockets(lb) == 0);
        assertThat(backend.openConnections()).isZero();
    }

    @Test
    void clientThatDisappearsClosesTheBackendWithGoingAway() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);
        WsClient client = connect(ws(lb, "/"));
        assertThat(client.sendAndReceive("before")).isEqualTo("before");

        client.socket.abort();

        await().atMost(Duration.ofSeconds(10)).until(() -> !backend.closesReceived().isEmpty());
        assertThat(backend.closesReceived()).containsExactly(new ReceivedClose(1001, "client went away"));
        await().atMost(Duration.ofSeconds(10)).until(() -> openWebSockets(lb) == 0 && backend.openConnections() == 0);
    }

    @Test
    void passesTheStatusOfARefusedUpgradeToTheClient() {
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend("w1"));

        assertThatThrownBy(() -> WsClient.connect(http, ws(lb, "/refuse")))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                        .isEqualTo(403));
        assertThat(openWebSockets(lb)).isZero();
    }

    @Test
    void acceptsConnectionHeaderListingKeepAliveAndUpgrade() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend("w1"));

        List<String> head = rawHandshake(lb, "Connection: keep-alive, Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");

        assertThat(head.get(0)).startsWith("HTTP/1.1 101");
        assertThat(head).contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void middlewareEditsTheHandshakeBothWays() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder()
                .middleware(Middleware.setRequestHeader("X-Tenant", "blue"))
                .middleware(Middleware.setResponseHeader("X-Frame-Options", "DENY")), backend);

        List<String> head = rawHandshake(lb, "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");

        assertThat(head.get(0)).startsWith("HTTP/1.1 101");
        assertThat(head).contains("x-frame-options: DENY", "upgrade: websocket", "connection: upgrade");
        assertThat(backend.lastHandshakeHeaders().get("X-Tenant")).isEqualTo("blue");
    }

    @Test
    void turnsAwayInvalidHandshakesWith400() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);

        assertThat(rawHandshake(lb, "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n").get(0))
                .startsWith("HTTP/1.1 400");
        assertThat(rawHandshake(lb, "Connection: Upgrade\r\nSec-WebSocket-Key: short\r\n"
                + "Sec-WebSocket-Version: 13\r\n").get(0)).startsWith("HTTP/1.1 400");
        assertThat(rawHandshake(lb, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n").get(0)).startsWith("HTTP/1.1 400");
        assertThat(backend.handshakes()).isZero();
    }

    /** Sends a handshake with {@code Upgrade: websocket} and the given headers; returns the response head. */
    private static List<String> rawHandshake(LoadBalancer lb, String headers) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", lb.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                head.add(head.isEmpty() || colon < 0 ? line
                        : line.substring(0, colon).toLowerCase(Locale.ROOT) + line.substring(colon));
            }
            return head;
        }
    }

    @Test
    void carriesAThousandConcurrentWebSocketsAcrossBackends() throws Exception {
        WebSocketEchoBackend a = backend("a");
        WebSocketEchoBackend b = backend("b");
        LoadBalancer lb = balancer(LoadBalancer.builder(), a, b);

        List<CompletableFuture<WsClient>> connecting = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            connecting.add(WsClient.connectAsync(http, ws(lb, "/")));
        }
        List<WsClient> clients = new ArrayList<>();
        for (CompletableFuture<WsClient> future : connecting) {
            WsClient client = future.get(60, TimeUnit.SECONDS);
            toClose.add(() -> client.socket.abort());
            clients.add(client);
        }
        assertThat(openWebSockets(lb)).isEqualTo(1000);
        Map<Object, Integer> byBackend = new HashMap<>();
        for (WsClient client : clients) {
            client.socket.sendText("id", true);
        }
        for (WsClient client : clients) {
            byBackend.merge(client.next(), 1, Integer::sum);
        }
        assertThat(byBackend).containsOnlyKeys("a", "b");
        assertThat(byBackend.get("a")).isBetween(400, 600);

        for (WsClient client : clients) {
            client.socket.sendClose(1000, "done");
        }
        for (WsClient client : clients) {
            assertThat(client.closed.get(30, TimeUnit.SECONDS).code()).isEqualTo(1000);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> openWebSockets(lb) == 0 && a.openConnections() + b.openConnections() == 0);
    }

    @Test
    void drainLetsWebSocketsRunForTheGracePeriodThenClosesThem() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder().webSocketDrainGrace(Duration.ofSeconds(2)), backend);
        WsClient client = connect(ws(lb, "/"));

        CompletableFuture<Void> drained = lb.drainBackend(Backend.of(backend.uri().toString()));

        assertThat(drained).isNotDone();
        assertThat(client.sendAndReceive("still here")).isEqualTo("still here");
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new WsClient.Closed(1001,
                "the backend is draining"));
        drained.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.openConnections() == 0);
        assertThat(backend.closesReceived()).containsExactly(new ReceivedClose(1001, "the backend is draining"));
    }

    @Test
    void closesIdleWebSocketsWithGoingAway() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder().webSocketIdleTimeout(Duration.ofMillis(500)),
                backend("w1"));
        WsClient client = connect(ws(lb, "/"));

        WsClient.Closed closed = client.closed.get(10, TimeUnit.SECONDS);

        assertThat(closed.code()).isEqualTo(1001);
        assertThat(closed.reason()).startsWith("idle");
    }

    @Test
    void shutdownClosesWebSocketsWithGoingAway() throws Exception {
        WebSocketEchoBackend backend = backend("w1");
        LoadBalancer lb = balancer(LoadBalancer.builder(), backend);
        WsClient client = connect(ws(lb, "/"));
        assertThat(client.sendAndReceive("before")).isEqualTo("before");

        CompletableFuture.runAsync(() -> lb.stop(Duration.ofSeconds(10)));

        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(new WsClient.Closed(1001,
                "the load balancer is shutting down"));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.openConnections() == 0);
    }
}
