package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client sees when a backend misbehaves: short plain-text 502, 503 and 504 answers. */
class BackendFailureIntegrationTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private LoadBalancer balancer(LoadBalancerBuilder builder) {
        return closeLater(builder.port(0).bindAddress("127.0.0.1").build().start());
    }

    private static RawHttpClient.Response get(LoadBalancer lb, String target) throws IOException {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
            return client.read();
        }
    }

    @Test
    void answers502WhenTheBackendRefusesConnections() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("down"));
        backend.refuseConnections();
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()));

        RawHttpClient.Response response = get(lb, "/");
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyText()).isEqualTo("502 Bad Gateway: the backend refused the connection\n");
    }

    @Test
    void answers502WhenTheBackendClosesBeforeResponding() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("rude"));
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()));

        assertThat(get(lb, "/?close=before-response").status()).isEqualTo(502);
        assertThat(get(lb, "/?close=reset").status()).isEqualTo(502);
    }

    @Test
    void closesTheClientWhenTheBackendDiesMidBody() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("flaky"));
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /?close=mid-body HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String contentLength = null;
            for (String line = client.readLine(); !line.isEmpty(); line = client.readLine()) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    contentLength = line.substring(15).trim();
                }
            }
            assertThat(contentLength).isEqualTo("1000000");
            // The 1000 bytes the backend managed to send, then the end of the connection: the client can
            // tell the body is incomplete.
            assertThat(client.input().readAllBytes()).hasSize(1000);
        }
        // The balancer still works afterwards, on a fresh upstream connection.
        assertThat(get(lb, "/after").status()).isEqualTo(200);
    }

    @Test
    void answers504WhenTheBackendIsTooSlow() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("slow"));
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString())
                .responseTimeout(Duration.ofMillis(300)));

        RawHttpClient.Response response = get(lb, "/?delay=3000");
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyText()).isEqualTo("504 Gateway Timeout: the backend did not respond in time\n");
    }

    @Test
    void answers504WhenConnectingTakesTooLong() throws Exception {
        // A listener whose accept queue is full: the kernel drops further SYNs, so connects hang.
        ServerSocket blackHole = closeLater(new ServerSocket());
        blackHole.bind(new InetSocketAddress("127.0.0.1", 0), 1);
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket filler = closeLater(new Socket());
            try {
                filler.connect(blackHole.getLocalSocketAddress(), 200);
                fillers.add(filler);
            } catch (IOException queueFull) {
                break;
            }
        }
        LoadBalancer lb = balancer(LoadBalancer.builder().backend("http://127.0.0.1:" + blackHole.getLocalPort())
                .connectTimeout(Duration.ofMillis(300)));

        RawHttpClient.Response response = get(lb, "/");
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.bodyText()).contains("did not accept the connection in time");
    }

    @Test
    void answers503WhenThereIsNoBackend() throws Exception {
        LoadBalancer lb = balancer(LoadBalancer.builder());

        RawHttpClient.Response response = get(lb, "/");
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.bodyText()).isEqualTo("503 Service Unavailable: no backend is available\n");
    }

    @Test
    void cancelsTheUpstreamExchangeWhenTheClientGoesAway() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("patient"));
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()));
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /?delay=5000 HTTP/1.1\r\nHost: a\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> backend.openConnectionCount() == 1);
        }
        // The balancer drops its connection to the backend instead of waiting for an answer nobody reads.
        await().atMost(Duration.ofSeconds(3)).until(() -> backend.openConnectionCount() == 0);
        assertThat(lb.activeRequests()).isZero();

        // That connection was not clean, so the next request gets a new one.
        assertThat(get(lb, "/next").status()).isEqualTo(200);
        assertThat(backend.connectionCount()).isEqualTo(2);
    }

    @Test
    void reusesAnUpstreamConnectionOnlyAfterACleanExchange() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("b"));
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()).ioThreads(1));
        for (int i = 0; i < 3; i++) {
            assertThat(get(lb, "/clean" + i).status()).isEqualTo(200);
        }
        assertThat(backend.connectionCount()).isEqualTo(1);
        // A response the backend marks "Connection: close" ends that connection.
        assertThat(get(lb, "/?header=Connection:close").status()).isEqualTo(200);
        assertThat(get(lb, "/again").status()).isEqualTo(200);
        assertThat(backend.connectionCount()).isEqualTo(2);
    }

    @Test
    void retriesASafeRequestWhenAReusedConnectionClosesBeforeAnswering() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("idle-closer"));
        closeTheSecondRequestsConnection(backend);
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()).ioThreads(1));

        assertThat(get(lb, "/first").status()).isEqualTo(200);
        assertThat(get(lb, "/second").status()).isEqualTo(200);
        assertThat(backend.connectionCount()).isEqualTo(2);
        assertThat(backend.requestUris()).containsExactly("/first", "/second", "/second");
    }

    @Test
    void resendsAnIdempotentRequestWithASmallBodyWhenAReusedConnectionClosesBeforeAnswering() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("idle-closer"));
        closeTheSecondRequestsConnection(backend);
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()).ioThreads(1));

        assertThat(get(lb, "/first").status()).isEqualTo(200);
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("PUT /doc HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
            var response = client.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).contains("\"bodyLength\":2");
        }
        assertThat(backend.requestUris()).containsExactly("/first", "/doc", "/doc");
    }

    @Test
    void doesNotResendAPostWhoseConnectionClosedBeforeAnswering() throws Exception {
        TestBackend backend = closeLater(TestBackend.start("idle-closer"));
        closeTheSecondRequestsConnection(backend);
        LoadBalancer lb = balancer(LoadBalancer.builder().backend(backend.uri().toString()).ioThreads(1));

        assertThat(get(lb, "/first").status()).isEqualTo(200);
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(client.read().status()).isEqualTo(502);
        }
        assertThat(backend.requestUris()).containsExactly("/first", "/pay");
    }

    /** The second request is met with a close, as a backend does when its keep-alive timeout strikes. */
    private static void closeTheSecondRequestsConnection(TestBackend backend) {
        AtomicInteger calls = new AtomicInteger();
        backend.respondWith((request, responder) -> {
            if (calls.incrementAndGet() == 2) {
                responder.close();
            } else {
                responder.respondAsScripted();
            }
        });
    }
}
