package dev.multiserver.balancer.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TrustAll;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS toward clients, over real sockets: certificates from every source, reload, the redirect listener. */
class TlsIntegrationTest {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestBackend backend;
    @TempDir
    Path dir;

    @BeforeEach
    void startBackend() {
        backend = TestBackend.start("b1");
        toClose.add(backend);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private LoadBalancer start(LoadBalancerBuilder builder) {
        LoadBalancer lb = builder.port(0).bindAddress("127.0.0.1").backend(backend.uri().toString()).build();
        toClose.add(lb);
        return lb.start();
    }

    @Test
    void selfSignedServesHttpsAndTellsTheBackendTheProtoIsHttps() throws Exception {
        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.selfSigned()));

        HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + lb.port() + "/x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backend.lastRequest().header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(served(lb).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }

    @Test
    void negotiatesTls13ByDefaultAndTls12WithAModernSuiteWhenTheClientAsks() throws Exception {
        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.selfSigned()));

        try (SSLSocket socket = handshake(lb, "TLSv1.3", "TLSv1.2")) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
        try (SSLSocket socket = handshake(lb, "TLSv1.2")) {
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(Http2SecurityUtil.CIPHERS).contains(socket.getSession().getCipherSuite());
        }
    }

    @Test
    void servesPemFilesAndPicksUpARenewedCertificateWithoutARestart() throws Exception {
        SelfSignedCertificate first = new SelfSignedCertificate("first.example");
        SelfSignedCertificate second = new SelfSignedCertificate("second.example");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        install(first, chain, key, Instant.now().minusSeconds(60));
        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.pem(chain, key)
                .withReloadCheckInterval(java.time.Duration.ofMillis(100))));
        assertThat(served(lb)).isEqualTo(first.cert());

        install(second, chain, key, Instant.now());

        await().until(() -> served(lb).equals(second.cert()));
        assertThat(get(lb).statusCode()).isEqualTo(200);
    }

    @Test
    void readsATraditionalPkcs1RsaKey() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("pkcs1.example", "RSA", 2048);
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        Files.copy(certificate.certificate().toPath(), chain);
        byte[] pkcs1 = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(certificate.key().getEncoded())
                .parsePrivateKey().toASN1Primitive().getEncoded();
        try (var writer = new org.bouncycastle.util.io.pem.PemWriter(Files.newBufferedWriter(key))) {
            writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("RSA PRIVATE KEY", pkcs1));
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.pem(chain, key)));

        assertThat(served(lb)).isEqualTo(certificate.cert());
    }

    @Test
    void keepsTheCurrentCertificateWhenTheNewFilesCannotBeUsed() throws Exception {
        SelfSignedCertificate first = new SelfSignedCertificate("first.example");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        install(first, chain, key, Instant.now().minusSeconds(60));
        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.pem(chain, key)));

        Files.writeString(chain, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");

        assertThat(lb.reloadTls()).isFalse();
        assertThat(served(lb)).isEqualTo(first.cert());
        assertThat(get(lb).statusCode()).isEqualTo(200);
    }

    @Test
    void servesAPkcs12KeyStore() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("p12.example");
        Path store = dir.resolve("server.p12");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", certificate.key(), "s3cret".toCharArray(),
                new Certificate[] {certificate.cert()});
        try (OutputStream out = Files.newOutputStream(store)) {
            keyStore.store(out, "s3cret".toCharArray());
        }

        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.pkcs12(store, "s3cret")));

        assertThat(served(lb)).isEqualTo(certificate.cert());
        assertThatThrownBy(() -> start(LoadBalancer.builder().tls(ServerTls.pkcs12(store, "wrong"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TLS key store " + store + ":");
    }

    @Test
    void refusesToStartWithAMissingCertificateNamingTheFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> start(LoadBalancer.builder().tls(ServerTls.pem(missing, missing))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS certificate chain " + missing + ": no such file");
    }

    @Test
    void theRedirectListenerAnswers308ToTheSameHostPathAndQueryOnHttps() throws Exception {
        LoadBalancer lb = start(LoadBalancer.builder().tls(ServerTls.selfSigned()).redirectHttpFrom(0));
        int plain = lb.redirectAddress().orElseThrow().getPort();

        List<String> redirect = rawHead(plain, "GET /a/b?c=1&d=2 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
        assertThat(redirect.get(0)).isEqualTo("HTTP/1.1 308 Permanent Redirect");
        assertThat(redirect).contains("location: https://example.com:" + lb.port() + "/a/b?c=1&d=2");

        List<String> ipv6 = rawHead(plain, "POST /form HTTP/1.1\r\nHost: [::1]:80\r\nContent-Length: 0\r\n\r\n");
        assertThat(ipv6).contains("location: https://[::1]:" + lb.port() + "/form");

        assertThat(rawHead(plain, "GET / HTTP/1.1\r\n\r\n").get(0)).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(rawHead(plain, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n").get(0)).isEqualTo("HTTP/1.1 400 Bad Request");
    }

    @Test
    void aRedirectListenerWithoutTlsIsRefused() {
        assertThatThrownBy(() -> LoadBalancer.builder().redirectHttpFrom(8080).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("redirectHttpPort: 8080 needs TLS on the balancer's port (expected: tls(...) as well)");
    }

    private static void install(SelfSignedCertificate certificate, Path chain, Path key, Instant modified)
            throws Exception {
        Files.copy(certificate.certificate().toPath(), chain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certificate.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(chain, FileTime.from(modified));
        Files.setLastModifiedTime(key, FileTime.from(modified));
    }

    private static SSLSocket handshake(LoadBalancer lb, String... protocols) throws Exception {
        SSLSocket socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", lb.port());
        socket.setEnabledProtocols(protocols);
        socket.startHandshake();
        return socket;
    }

    private static java.security.cert.X509Certificate served(LoadBalancer lb) throws Exception {
        try (SSLSocket socket = handshake(lb, "TLSv1.3")) {
            return (java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static HttpResponse<String> get(LoadBalancer lb) throws Exception {
        return HttpClient.newBuilder().sslContext(TrustAll.context()).build().send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + lb.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status line and lower-cased headers of the answer to {@code request} on a plain socket. */
    private static List<String> rawHead(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            head.add(in.readLine());
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            return head;
        }
    }
}
