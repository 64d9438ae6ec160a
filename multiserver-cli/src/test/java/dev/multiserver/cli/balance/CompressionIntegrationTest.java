package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiserver balance --compress} as users run it, the jar in a JVM of its own: Brotli's native library
 * must load from the jar, and gzip serves a client that does not take br.
 */
class CompressionIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing http://[^ ]+:(\\d+) across");
    private static final int SIZE = 100_000;

    @TempDir
    Path dir;

    // The JDK's client leaves Content-Encoding to its caller: the test sees the bytes as sent.
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestBackend backend;
    private Process process;

    @BeforeEach
    void startBackend() {
        // for the test's own decoder
        Brotli4jLoader.ensureAvailability();
        backend = TestBackend.start("app");
    }

    @AfterEach
    void stopEverythingStarted() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, SECONDS)) {
                process.destroyForcibly();
            }
        }
        backend.close();
    }

    @Test
    void servesBrotliFromTheJarAndGzipToOthers() throws Exception {
        BalanceProcess balance = BalanceProcess.start(dir, "balance", List.of("--bind", "127.0.0.1", "--port", "0",
                "--no-admin", "--backend", backend.uri().toString(), "--compress"));
        process = balance.process();
        int port = balance.port(LISTENING);

        HttpResponse<InputStream> br = get(port, "br, gzip");
        HttpResponse<InputStream> gzip = get(port, "gzip");

        assertThat(br.headers().firstValue("Content-Encoding")).as(balance.err()).hasValue("br");
        assertThat(decodedLength(new BrotliInputStream(br.body()))).isEqualTo(SIZE);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(decodedLength(new GZIPInputStream(gzip.body()))).isEqualTo(SIZE);
        assertThat(balance.err()).doesNotContain("Brotli is not available");
    }

    private HttpResponse<InputStream> get(int port, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/page?size=" + SIZE
                + "&header=Content-Type:text/plain")).header("Accept-Encoding", acceptEncoding).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static long decodedLength(InputStream decoded) throws IOException {
        try (decoded) {
            return decoded.transferTo(OutputStream.nullOutputStream());
        }
    }
}
