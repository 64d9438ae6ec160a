package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB body each way through the balancer, in a JVM whose heap is capped at 256 MiB (see the
 * failsafe configuration): only streaming with backpressure can pass.
 */
class StreamingIntegrationTest {

    private static final long ONE_GIB = 1L << 30;
    private static TestBackend backend;
    private static LoadBalancer lb;

    @BeforeAll
    static void start() {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap cap for this test").isLessThan(ONE_GIB / 2);
        backend = TestBackend.start("big");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .build().start();
    }

    @AfterAll
    static void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void streamsAOneGibibyteUpload() throws Exception {
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            OutputStream out = client.output();
            out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + ONE_GIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            for (long written = 0; written < ONE_GIB; written += block.length) {
                out.write(block);
                sent.update(block);
            }
            out.flush();
            RawHttpClient.Response response = client.read();
            assertThat(response.status()).isEqualTo(200);
            EchoedRequest seen = EchoedRequest.parse(response.bodyText());
            assertThat(seen.bodyLength()).isEqualTo(ONE_GIB);
            assertThat(seen.bodySha256()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        }
    }

    @Test
    void streamsAOneGibibyteDownload() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /download?size=" + ONE_GIB + " HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.readLine()).isEqualTo("HTTP/1.1 200 OK");
            long length = -1;
            for (String line = client.readLine(); !line.isEmpty(); line = client.readLine()) {
                if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            assertThat(length).isEqualTo(ONE_GIB);
            InputStream in = client.input();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            long mismatches = 0;
            while (received < length) {
                int n;
                try {
                    n = in.read(buffer, 0, (int) Math.min(buffer.length, length - received));
                } catch (java.io.IOException e) {
                    throw new AssertionError("download stalled after " + received + " bytes", e);
                }
                assertThat(n).as("bytes after %s", received).isPositive();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != (byte) ((received + i) % 251)) {
                        mismatches++;
                    }
                }
                received += n;
            }
            assertThat(received).isEqualTo(ONE_GIB);
            assertThat(mismatches).isZero();
        }
    }
}
