package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.multiserver.testkit.TestBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compression negotiated between a raw client and the balancer, and left out where it must not apply; the
 * bytes are checked as they cross the wire. The backend's bodies are its pattern bytes ({@code i % 251}),
 * typed as each test asks.
 */
class CompressionIntegrationTest {

    private static final String TEXT = "&header=Content-Type:text/plain";
    private static TestBackend backend;
    private static LoadBalancer lb;

    @BeforeAll
    static void start() {
        backend = TestBackend.start("compressing");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .compression(Compression.defaults())
                .build().start();
    }

    @AfterAll
    static void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void gzipsATextBodyForAClientThatAcceptsGzip() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT, "gzip");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(response.header("Content-Length")).isNull();
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(response.body().length).isLessThan(100000 / 20);
        assertThat(sha256(new GZIPInputStream(new ByteArrayInputStream(response.body()))))
                .isEqualTo(patternSha256(100000));
    }

    @Test
    void compressesWithBrotliForAClientThatPrefersIt() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT, "gzip;q=0.5, br");

        assertThat(response.header("Content-Encoding")).isEqualTo("br");
        assertThat(sha256(new BrotliInputStream(new ByteArrayInputStream(response.body()))))
                .isEqualTo(patternSha256(100000));
    }

    @Test
    void sendsTheBodyAsItIsToAClientWithoutAcceptEncodingButVaries() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT, null);

        assertUnchanged(response, 100000);
        assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void aCodingRatedZeroIsNeverUsed() throws Exception {
        assertUnchanged(get("/page?size=100000" + TEXT, "gzip;q=0, br;q=0, identity"), 100000);
        assertThat(get("/page?size=100000" + TEXT, "br;q=0, gzip").header("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void leavesAnAlreadyCompressedTypeAlone() throws Exception {
        RawHttpClient.Response response = get("/photo.png?size=100000&header=Content-Type:image/png", "gzip, br");

        assertUnchanged(response, 100000);
        assertThat(response.header("Vary")).isNull();
    }

    @Test
    void passesABodyTheBackendEncodedByteForByte() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT + "&header=Content-Encoding:gzip", "gzip, br");

        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(response.header("Content-Length")).isEqualTo("100000");
        assertThat(sha256(new ByteArrayInputStream(response.body()))).isEqualTo(patternSha256(100000));
    }

    @Test
    void leavesASmallBodyAlone() throws Exception {
        assertUnchanged(get("/page?size=1000" + TEXT, "gzip, br"), 1000);
    }

    @Test
    void respectsNoTransform() throws Exception {
        assertUnchanged(get("/page?size=100000" + TEXT + "&header=Cache-Control:no-transform", "gzip, br"), 100000);
    }

    @Test
    void leavesAnswersToHeadAlone() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("HEAD /page?size=100000" + TEXT + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");

            RawHttpClient.Response response = client.read(true);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Encoding")).isNull();
            assertThat(response.header("Content-Length")).isEqualTo("100000");
            assertThat(secondRequestWorks(client)).isTrue();
        }
    }

    @Test
    void leavesNoContentAndNotModifiedWithoutAContentEncoding() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            for (int status : new int[] {204, 304}) {
                client.send("GET /page?size=100000&status=" + status + TEXT
                        + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip, br\r\n\r\n");

                RawHttpClient.Response response = client.read();

                assertThat(response.status()).isEqualTo(status);
                assertThat(response.header("Content-Encoding")).isNull();
                assertThat(response.header("Transfer-Encoding")).isNull();
            }
            assertThat(secondRequestWorks(client)).isTrue();
        }
    }

    @Test
    void addsAcceptEncodingToTheBackendsVary() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT + "&header=Vary:Origin", "gzip");

        assertThat(response.header("Vary")).isEqualTo("Origin, Accept-Encoding");
        assertThat(response.headers("Vary")).hasSize(1);
    }

    @Test
    void weakensAStrongEtagOfACompressedBody() throws Exception {
        RawHttpClient.Response response = get("/page?size=100000" + TEXT + "&header=ETag:%22v1%22", "gzip");

        assertThat(response.header("ETag")).isEqualTo("W/\"v1\"");
    }

    @Test
    void compressesALargeBodyOfUnknownLengthAsItStreams() throws Exception {
        long size = 256L << 20;
        RawHttpClient.Response response = get("/stream?chunked=true&size=" + size + TEXT, "gzip");

        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(sha256(new GZIPInputStream(new ByteArrayInputStream(response.body()))))
                .isEqualTo(patternSha256(size));
    }

    @Test
    void compressesResponseAfterResponseOnOneConnection() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /one?size=50000" + TEXT + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
            RawHttpClient.Response first = client.read();
            client.send("GET /two?size=70000" + TEXT + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br\r\n\r\n");
            RawHttpClient.Response second = client.read();
            client.send("GET /three?size=30000" + TEXT + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n");
            RawHttpClient.Response third = client.read();

            assertThat(first.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(sha256(new GZIPInputStream(new ByteArrayInputStream(first.body()))))
                    .isEqualTo(patternSha256(50000));
            assertThat(second.header("Content-Encoding")).isEqualTo("br");
            assertThat(sha256(new BrotliInputStream(new ByteArrayInputStream(second.body()))))
                    .isEqualTo(patternSha256(70000));
            assertThat(sha256(new GZIPInputStream(new ByteArrayInputStream(third.body()))))
                    .isEqualTo(patternSha256(30000));
        }
    }

    @Test
    void answersPipelinedRequestsEachAsItsClientAsked() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /one?size=50000" + TEXT + " HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n"
                    + "GET /two?size=50000" + TEXT + " HTTP/1.1\r\nHost: a\r\n\r\n");

            RawHttpClient.Response first = client.read();
            RawHttpClient.Response second = client.read();

            assertThat(first.header("Content-Encoding")).isEqualTo("gzip");
            assertUnchanged(second, 50000);
        }
    }

    private static RawHttpClient.Response get(String target, String acceptEncoding) throws IOException {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n"
                    + (acceptEncoding == null ? "" : "Accept-Encoding: " + acceptEncoding + "\r\n") + "\r\n");
            return client.read();
        }
    }

    private static boolean secondRequestWorks(RawHttpClient client) throws IOException {
        client.send("GET /again HTTP/1.1\r\nHost: a\r\n\r\n");
        return client.read().status() == 200;
    }

    private static void assertUnchanged(RawHttpClient.Response response, long size) throws Exception {
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Encoding")).isNull();
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(size));
        assertThat(sha256(new ByteArrayInputStream(response.body()))).isEqualTo(patternSha256(size));
    }

    private static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of the backend's pattern body of {@code size} bytes: byte {@code i} is {@code i % 251}. */
    private static String patternSha256(long size) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] pattern = new byte[251 * 256];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i % 251);
        }
        for (long done = 0; done < size; done += pattern.length) {
            digest.update(pattern, 0, (int) Math.min(pattern.length, size - done));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
