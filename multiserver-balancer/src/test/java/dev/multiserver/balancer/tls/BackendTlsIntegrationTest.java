package dev.multiserver.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendEvent;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TestCertificateAuthority;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https://} backends over real sockets: a CA made for the test signs the backends' certificates,
 * and the balancer trusts it only when told to.
 */
class BackendTlsIntegrationTest {

    private static TestCertificateAuthority ca;
    private static TestCertificateAuthority otherCa;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificateAuthorities() {
        ca = TestCertificateAuthority.create("multiserver test CA");
        otherCa = TestCertificateAuthority.create("some other CA");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void withTheCaBundleRequestsAndBodiesGoToTheBackendOverTlsWithTheHostAsSni() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(ca))),
                "https://localhost:" + backend.port());

        HttpResponse<String> get = client.send(HttpRequest.newBuilder(lb(lb, "/hello?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        assertThat(get.body()).contains("\"backend\":\"b1\"", "\"uri\":\"/hello?x=1\"");
        // What the client used, not how the balancer reached the backend.
        assertThat(backend.lastRequest().header("X-Forwarded-Proto")).isEqualTo("http");

        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(lb(lb, "/upload"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
        assertThat(backend.lastRequest().method()).isEqualTo("POST");
        assertThat(backend.lastRequest().bodyLength()).isEqualTo(body.length);
        assertThat(backend.lastRequest().bodySha256())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));

        assertThat(backend.tlsServerNames()).isNotEmpty().containsOnly("localhost");
    }

    @Test
    void aRequestWithoutHostGoesUpstreamWithTheBackendAuthorityAsHost() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(ca))),
                "https://localhost:" + backend.port());

        try (Socket socket = new Socket("127.0.0.1", lb.port())) {
            socket.getOutputStream().write("GET /old HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).endsWith(" 200 OK");
        }
        assertThat(backend.lastRequest().header("Host")).isEqualTo("localhost:" + backend.port());
    }

    @Test
    void anIpAddressBackendIsVerifiedAgainstTheCertificatesIpAndGetsNoSni() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "127.0.0.1");
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(ca))),
                "https://127.0.0.1:" + backend.port());

        assertThat(get(lb, "/").statusCode()).isEqualTo(200);
        assertThat(backend.tlsServerNames()).isNotEmpty().containsOnly("");
    }

    @Test
    void withoutTheCaTheJvmsTrustStoreRefusesTheCertificateWith502NamingTheBackend() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        LoadBalancer lb = start(LoadBalancer.builder(), "https://localhost:" + backend.port());

        HttpResponse<String> response = get(lb, "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("502 Bad Gateway: TLS handshake with backend localhost:"
                + backend.port() + " failed: certificate not trusted (");
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void aBundleOfAnotherCaReplacesTheDefaultTrustAndIsRefusedToo() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(otherCa))),
                "https://localhost:" + backend.port());

        HttpResponse<String> response = get(lb, "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("certificate not trusted");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefusedWith502() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "other.example");
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(ca))),
                "https://localhost:" + backend.port());

        HttpResponse<String> response = get(lb, "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("502 Bad Gateway: TLS handshake with backend localhost:"
                + backend.port() + " failed: certificate does not match the host name (")
                .contains("localhost");
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void aPlainHttpBackendGivenAsHttpsIsA502SayingItDoesNotSpeakTls() throws Exception {
        TestBackend plain = started(TestBackend.start("plain"));
        LoadBalancer lb = start(LoadBalancer.builder(), "https://127.0.0.1:" + plain.port());

        HttpResponse<String> response = get(lb, "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("TLS handshake with backend 127.0.0.1:" + plain.port()
                + " failed: the backend does not speak TLS");
    }

    @Test
    void aBackendThatNeverAnswersTheHandshakeIsGivenUpAfterTheConnectTimeout() throws Exception {
        // The kernel completes the TCP handshake for the backlog; nothing ever answers the TLS one.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            LoadBalancer lb = start(LoadBalancer.builder().connectTimeout(Duration.ofMillis(300)),
                    "https://127.0.0.1:" + silent.getLocalPort());

            long began = System.nanoTime();
            HttpResponse<String> response = get(lb, "/");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).startsWith("502 Bad Gateway: TLS handshake with backend 127.0.0.1:"
                    + silent.getLocalPort() + " failed: no handshake within the connect timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailedHandshakeIsAFailedConnectSoEvenAPostGoesToAnotherBackendAndTheBackendIsEjected() throws Exception {
        TestBackend untrusted = httpsBackend("untrusted", otherCa, "localhost");
        TestBackend good = httpsBackend("good", ca, "localhost");
        Backend untrustedBackend = Backend.of("https://localhost:" + untrusted.port());
        LoadBalancer lb = start(LoadBalancer.builder().backendTls(BackendTls.trusting(caPem(ca)))
                        .passiveHealthCheck(PassiveHealthCheck.ofConsecutiveFailures(2)),
                untrustedBackend.toString(), "https://localhost:" + good.port());

        for (int i = 0; i < 20 && status(lb, untrustedBackend).state() == State.UP; i++) {
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(lb(lb, "/form"))
                    .POST(HttpRequest.BodyPublishers.ofString("n=" + i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
            assertThat(post.body()).contains("\"backend\":\"good\"");
        }

        assertThat(status(lb, untrustedBackend).state()).isEqualTo(State.DOWN);
        assertThat(status(lb, untrustedBackend).errors()).isEqualTo(2);
        assertThat(untrusted.requestCount()).isZero();
    }

    @Test
    void activeHealthChecksSpeakTlsAndBringTheBackendUpOnlyWithTheCa() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        Backend https = Backend.of("https://localhost:" + backend.port());
        HealthCheck checks = HealthCheck.of("/health").withInterval(Duration.ofMillis(50))
                .withTimeout(Duration.ofSeconds(1)).withFall(2).withRise(2);
        backend.refuseConnections();
        LoadBalancer trusting = start(LoadBalancer.builder().healthCheck(checks)
                .backendTls(BackendTls.trusting(caPem(ca))), https.toString());
        LoadBalancer notTrusting = start(LoadBalancer.builder().healthCheck(checks), https.toString());
        await().atMost(Duration.ofSeconds(5)).until(() -> status(trusting, https).state() == State.DOWN
                && status(notTrusting, https).state() == State.DOWN);

        backend.acceptConnections();

        await().atMost(Duration.ofSeconds(5)).until(() -> status(trusting, https).state() == State.UP);
        // Only the balancer that trusts the CA gets as far as GET /health: count its checks past the fall.
        await().atMost(Duration.ofSeconds(5)).until(() -> healthChecks(backend) >= 6);
        assertThat(status(notTrusting, https).state()).isEqualTo(State.DOWN);
        assertThat(get(trusting, "/").statusCode()).isEqualTo(200);
        assertThat(get(notTrusting, "/").statusCode()).isEqualTo(503);
    }

    @Test
    void theHealthCheckOfAnUntrustedBackendSaysWhyItFailed() throws Exception {
        TestBackend backend = httpsBackend("b1", ca, "localhost");
        String url = "https://localhost:" + backend.port();
        List<BackendEvent> events = new CopyOnWriteArrayList<>();
        start(LoadBalancer.builder().listener(events::add).healthCheck(HealthCheck.of("/health")
                .withInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(1)).withFall(1)), url);

        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .anyMatch(e -> e.kind() == BackendEvent.Kind.DOWN));
        assertThat(events).filteredOn(e -> e.kind() == BackendEvent.Kind.DOWN)
                .first().extracting(BackendEvent::reason).asString()
                .contains("TLS handshake with backend localhost:" + backend.port() + " failed: certificate not trusted");
        assertThat(backend.requestCount()).isZero();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private TestBackend httpsBackend(String id, TestCertificateAuthority issuer, String hostName) {
        return started(TestBackend.startTls(id, issuer.serverContext(hostName)));
    }

    private <T extends AutoCloseable> T started(T resource) {
        toClose.add(resource);
        return resource;
    }

    private Path caPem(TestCertificateAuthority authority) {
        return authority.writeCertificate(dir.resolve(authority == ca ? "ca.pem" : "other-ca.pem"));
    }

    private LoadBalancer start(LoadBalancerBuilder builder, String... backends) {
        for (String backend : backends) {
            builder.backend(backend);
        }
        LoadBalancer lb = builder.port(0).bindAddress("127.0.0.1").build();
        toClose.add(lb);
        return lb.start();
    }

    private static URI lb(LoadBalancer lb, String target) {
        return URI.create("http://127.0.0.1:" + lb.port() + target);
    }

    private HttpResponse<String> get(LoadBalancer lb, String target) throws Exception {
        return client.send(HttpRequest.newBuilder(lb(lb, target)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long healthChecks(TestBackend backend) {
        return backend.requestUris().stream().filter("/health"::equals).count();
    }

    private static BackendStatus status(LoadBalancer lb, Backend backend) {
        return lb.backendStatus().stream().filter(s -> s.backend().equals(backend)).findFirst().orElseThrow();
    }
}
