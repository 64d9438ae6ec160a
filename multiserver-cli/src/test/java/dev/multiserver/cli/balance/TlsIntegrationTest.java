package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cli.Cli;
import dev.multiserver.cli.Main;
import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TrustAll;
import dev.multiserver.testkit.WebSocketEchoBackend;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code multiserver balance} serving HTTPS as users run it: the command in a JVM of its own (SIGHUP
 * can only be sent to a process), in front of a {@link TestBackend}, observed through real sockets.
 */
class TlsIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing https://[^ ]+:(\\d+) across");
    private static final Pattern REDIRECTING = Pattern.compile("redirecting http://[^ ]+:(\\d+) to https");

    @TempDir
    Path dir;

    private final HttpClient https = HttpClient.newBuilder().sslContext(TrustAll.context())
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private TestBackend backend;

    @BeforeEach
    void startBackend() {
        backend = TestBackend.start("app");
    }

    /** SIGTERM, so that a balancer removes the temporary files of its self-signed certificate as it exits. */
    @AfterEach
    void stopEverythingStarted() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                process.onExit().get(15, SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        backend.close();
    }

    @Test
    void selfSignedServesHttpsAndTheRedirectPortAnswers308ToIt() throws Exception {
        BalanceProcess balance = start("--self-signed", "--redirect-http", "0");
        int httpsPort = balance.port(LISTENING);
        int redirectPort = balance.port(REDIRECTING);

        HttpResponse<String> secure = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort
                + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> redirect = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + redirectPort
                + "/hello?x=1")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(secure.statusCode()).as(balance.err()).isEqualTo(200);
        assertThat(backend.lastRequest().header("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(redirect.statusCode()).isEqualTo(308);
        assertThat(redirect.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + httpsPort + "/hello?x=1");
        assertThat(balance.err()).contains("SELF-SIGNED");
    }

    @Test
    void selfSignedServesWssToo() throws Exception {
        try (WebSocketEchoBackend echo = WebSocketEchoBackend.start("echo")) {
            BalanceProcess balance = BalanceProcess.start(dir, "balance-wss", List.of("--bind", "127.0.0.1",
                    "--port", "0", "--no-admin", "--backend", echo.uri().toString(), "--self-signed"));
            processes.add(balance.process());
            int port = balance.port(LISTENING);
            CompletableFuture<String> echoed = new CompletableFuture<>();

            WebSocket socket = https.newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + port + "/echo"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            echoed.complete(data.toString());
                            return null;
                        }
                    }).get(10, SECONDS);
            socket.sendText("over wss", true).get(10, SECONDS);

            assertThat(echoed.get(10, SECONDS)).isEqualTo("over wss");
            assertThat(echo.lastHandshakeHeaders().get("X-Forwarded-Proto")).isEqualTo("https");
            socket.abort();
        }
    }

    @Test
    void sighupMakesItServeTheRenewedPemCertificate() throws Exception {
        SelfSignedCertificate first = new SelfSignedCertificate("first.example");
        SelfSignedCertificate renewed = new SelfSignedCertificate("renewed.example");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        install(first, chain, key);
        // No checks on an interval: only the signal can make it read the files again.
        BalanceProcess balance = start("--tls-cert", chain.toString(), "--tls-key", key.toString(),
                "--tls-reload-interval", "0s");
        int port = balance.port(LISTENING);
        assertThat(served(port)).isEqualTo(first.cert());

        install(renewed, chain, key);
        assertThat(served(port)).as("before SIGHUP").isEqualTo(first.cert());
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(balance.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();

        await("the renewed certificate").atMost(Duration.ofSeconds(10))
                .until(() -> served(port).equals(renewed.cert()));
        assertThat(balance.process().isAlive()).isTrue();
        await("the reload to be reported").atMost(Duration.ofSeconds(5))
                .until(() -> balance.out().contains("balance: SIGHUP: reloaded the TLS certificate"));
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void aKeyStoreIsOpenedWithThePasswordFromTheNamedVariable() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("p12.example");
        Path store = dir.resolve("server.p12");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", certificate.key(), "s3cret-pass".toCharArray(),
                new Certificate[] {certificate.cert()});
        try (OutputStream out = Files.newOutputStream(store)) {
            keyStore.store(out, "s3cret-pass".toCharArray());
        }
        CommandLine cli = Main.commandLine();
        BalanceCommand command = cli.getSubcommands().get("balance").getCommand();
        command.environment(Map.of("P12_PASSWORD", "s3cret-pass"));

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("balance", "--bind",
                "127.0.0.1", "--port", "0", "--no-admin", "--backend", backend.uri().toString(), "--tls-keystore",
                store.toString(), "--tls-keystore-password-env", "P12_PASSWORD"));
        LoadBalancer balancer = command.started().toCompletableFuture().get(10, SECONDS);
        try {
            assertThat(served(balancer.port())).isEqualTo(certificate.cert());
        } finally {
            balancer.close();
        }
        assertThat(exit.get(10, SECONDS)).isZero();
    }

    @Test
    void aMissingCertificateFileEndsTheCommandWithStatus1NamingIt() {
        Path missing = dir.resolve("missing.pem");

        Cli.Result result = Cli.run("balance", "--bind", "127.0.0.1", "--port", "0", "--no-admin", "--backend",
                backend.uri().toString(), "--tls-cert", missing.toString(), "--tls-key", missing.toString());

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.errLines()).containsExactly("balance: TLS certificate chain " + missing + ": no such file");
        assertThat(result.out()).isEmpty();
    }

    private static void install(SelfSignedCertificate certificate, Path chain, Path key) throws IOException {
        Files.copy(certificate.certificate().toPath(), chain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certificate.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The certificate the balancer on {@code port} presents in a new handshake. */
    private static X509Certificate served(int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    // ---- the balancer process ---------------------------------------------------------------------

    /** Starts {@code multiserver balance ARGS} on a free loopback port in front of the backend. */
    private BalanceProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin",
                "--backend", backend.uri().toString()));
        command.addAll(List.of(args));
        BalanceProcess balance = BalanceProcess.start(dir, "balance-" + processes.size(), command);
        processes.add(balance.process());
        return balance;
    }
}
