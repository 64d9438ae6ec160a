package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.TestBackend;
import dev.multiserver.testkit.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiserver balance} in front of an {@code https://} backend whose certificate a CA made for the
 * test signed, run as users run it: the command in a JVM of its own, observed through real sockets.
 */
class BackendTlsIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing http://[^ ]+:(\\d+) across");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final TestCertificateAuthority ca = TestCertificateAuthority.create("multiserver CLI test CA");
    private TestBackend backend;

    @BeforeEach
    void startBackend() {
        backend = TestBackend.startTls("app", ca.serverContext("localhost"));
    }

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
    void proxiesToAnHttpsBackendVerifiedAgainstTheGivenCa() throws Exception {
        Path caPem = ca.writeCertificate(dir.resolve("ca.pem"));
        BalanceProcess balance = start("--backend", "https://localhost:" + backend.port(), "--backend-ca",
                caPem.toString());
        int port = balance.port(LISTENING);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(balance.err()).isEqualTo(200);
        assertThat(response.body()).contains("\"backend\":\"app\"", "\"uri\":\"/hello\"");
        assertThat(backend.tlsServerNames()).isNotEmpty().containsOnly("localhost");
        assertThat(balance.out()).contains("across 1 backend(s): https://localhost:" + backend.port());
    }

    @Test
    void withoutTheCaTheBackendsCertificateIsRefusedWith502() throws Exception {
        BalanceProcess balance = start("--backend", "https://localhost:" + backend.port());
        int port = balance.port(LISTENING);

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/hello")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("TLS handshake with backend localhost:" + backend.port()
                + " failed: certificate not trusted");
        assertThat(backend.requestCount()).isZero();
    }

    @Test
    void aMissingCaFileEndsTheCommandWithStatus2NamingTheFlagAndTheFile() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");

        BalanceProcess balance = start("--backend", "https://localhost:" + backend.port(), "--backend-ca",
                missing.toString());

        assertThat(balance.process().waitFor(60, SECONDS)).as("balance exits").isTrue();
        assertThat(balance.process().exitValue()).isEqualTo(2);
        assertThat(balance.err()).startsWith("Invalid value for option '--backend-ca': CA bundle " + missing
                + ": no such file");
        assertThat(balance.out()).isEmpty();
    }

    /** Starts {@code multiserver balance ARGS} on a free loopback port. */
    private BalanceProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin"));
        command.addAll(List.of(args));
        BalanceProcess balance = BalanceProcess.start(dir, "balance-" + processes.size(), command);
        processes.add(balance.process());
        return balance;
    }
}
