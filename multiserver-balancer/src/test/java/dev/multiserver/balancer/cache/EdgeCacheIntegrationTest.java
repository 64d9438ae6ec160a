package dev.multiserver.balancer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.cache.Origin.Answer;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.ResponseCacheBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balancer's edge cache over real sockets: hits without a backend, misses recorded while they stream. */
class EdgeCacheIntegrationTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock();
    private Origin origin;
    private LoadBalancer lb;

    @BeforeEach
    void startOrigin() {
        origin = new Origin("o1");
    }

    @AfterEach
    void stop() {
        if (lb != null) {
            lb.close();
        }
        origin.close();
    }

    private void startBalancer(UnaryOperator<ResponseCacheBuilder> cache) {
        ResponseCache built = cache.apply(ResponseCache.builder().clock(clock)).build();
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(origin.uri()).cache(built)
                .build().start();
    }

    private HttpResponse<byte[]> get(String target, String... headers) throws Exception {
        return send("GET", target, headers);
    }

    private HttpResponse<byte[]> send(String method, String target, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + target))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String xCache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void missIsStoredAndTheNextRequestIsAHitThatNoBackendSees() throws Exception {
        startBalancer(c -> c);
        origin.answer("/a", Answer.of(200, "hello", "Cache-Control", "max-age=60", "Content-Type", "text/plain"));

        HttpResponse<byte[]> first = get("/a");
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<byte[]> second = get("/a");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(xCache(first)).isEqualTo("MISS");
        assertThat(text(first)).isEqualTo("hello");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(xCache(second)).isEqualTo("HIT");
        assertThat(text(second)).isEqualTo("hello");
        assertThat(second.headers().firstValue("Age")).hasValue("5");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(origin.requests("/a")).isEqualTo(1);
    }

    @Test
    void whatOneHitsClientIsToldDoesNotReachTheNextHitOfTheSameEntry() throws Exception {
        startBalancer(c -> c);
        origin.answer("/k", Answer.of(200, "kept", "Cache-Control", "max-age=60"));
        assertThat(rawExchange("GET /k HTTP/1.1\r\nHost: a\r\n\r\n")).contains("X-Cache: MISS");

        String closing = rawExchange("GET /k HTTP/1.0\r\nHost: a\r\n\r\n");
        String keptOpen = rawExchange("GET /k HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        String plain = rawExchange("GET /k HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(closing).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\nconnection: close\r\n")
                .contains("X-Cache: HIT").endsWith("\r\n\r\nkept");
        assertThat(keptOpen).containsIgnoringCase("\r\nconnection: close\r\n").endsWith("\r\n\r\nkept");
        assertThat(plain).doesNotContainIgnoringCase("connection:").contains("X-Cache: HIT", "Age: 0")
                .endsWith("\r\n\r\nkept");
        assertThat(origin.requests("/k")).isEqualTo(1);
    }

    /** One request on its own connection; the response as read until the body's declared length or the close. */
    private String rawExchange(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", lb.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            java.io.InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            int headEnd = -1;
            int length = -1;
            while (headEnd < 0 || text.length() < headEnd + length) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                text.append((char) b);
                if (headEnd < 0 && text.length() >= 4 && text.substring(text.length() - 4).equals("\r\n\r\n")) {
                    headEnd = text.length();
                    java.util.regex.Matcher declared = java.util.regex.Pattern
                            .compile("(?i)\r\ncontent-length: *(\\d+)").matcher(text);
                    length = declared.find() ? Integer.parseInt(declared.group(1)) : Integer.MAX_VALUE / 2;
                }
            }
            return text.toString();
        }
    }

    @Test
    void headIsAnsweredFromAStoredGetWithoutABody() throws Exception {
        startBalancer(c -> c);
        origin.answer("/h", Answer.of(200, "twelve bytes", "Cache-Control", "max-age=60"));
        get("/h");

        HttpResponse<byte[]> head = send("HEAD", "/h");

        assertThat(xCache(head)).isEqualTo("HIT");
        assertThat(head.headers().firstValue("Content-Length")).hasValue("12");
        assertThat(head.body()).isEmpty();
        assertThat(origin.requests("/h")).isEqualTo(1);
        assertThat(get("/h").body()).hasSize(12);
    }

    @Test
    void largeChunkedMissArrivesIntactWhileItIsRecordedAndIsThenServedIntact() throws Exception {
        startBalancer(c -> c.maxObjectSize(8L << 20));
        String target = "/big?size=3000000&chunked=true&header=Cache-Control:max-age%3D60";

        HttpResponse<byte[]> miss = get(target);
        HttpResponse<byte[]> hit = get(target);

        assertThat(xCache(miss)).isEqualTo("MISS");
        assertPattern(miss.body(), 3_000_000);
        assertThat(xCache(hit)).isEqualTo("HIT");
        assertThat(hit.headers().firstValue("Content-Length")).hasValue("3000000");
        assertPattern(hit.body(), 3_000_000);
        assertThat(origin.backend.requestCount()).isEqualTo(1);
    }

    @Test
    void bodyLargerThanMaxObjectSizeStreamsThroughIntactAndUncached() throws Exception {
        startBalancer(c -> c.maxObjectSize(100_000));
        String target = "/huge?size=2000000&chunked=true&header=Cache-Control:max-age%3D60";

        HttpResponse<byte[]> first = get(target);
        HttpResponse<byte[]> second = get(target);

        assertPattern(first.body(), 2_000_000);
        assertPattern(second.body(), 2_000_000);
        assertThat(xCache(second)).isEqualTo("MISS");
        assertThat(origin.backend.requestCount()).isEqualTo(2);
        assertThat(lb.meterRegistry().scrape()).contains("multiserver_cache_not_stored_total 2.0");
    }

    private static void assertPattern(byte[] body, int size) {
        assertThat(body).hasSize(size);
        for (int i = 0; i < size; i++) {
            if (body[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " is " + body[i] + " (expected: " + (byte) (i % 251) + ")");
            }
        }
    }

    @Test
    void unsafeMethodBypassesAndPurgesItsTarget() throws Exception {
        startBalancer(c -> c);
        origin.answer("/p", Answer.of(200, "v", "Cache-Control", "max-age=60"));
        get("/p");
        assertThat(xCache(get("/p"))).isEqualTo("HIT");

        HttpResponse<byte[]> post = send("POST", "/p");

        assertThat(xCache(post)).isEqualTo("BYPASS");
        assertThat(xCache(get("/p"))).isEqualTo("MISS");
        assertThat(origin.requests("/p")).isEqualTo(3);
    }

    @Test
    void aHundredConcurrentMissesMakeOneBackendRequest() throws Exception {
        startBalancer(c -> c);
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port()
                + "/slow?delay=500&header=Cache-Control:max-age%3D60")).build();
        for (int i = 0; i < 100; i++) {
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();

        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        assertThat(responses.stream().map(r -> r.join().body().length).distinct()).hasSize(1);
        assertThat(origin.backend.requestCount()).isEqualTo(1);
    }

    @Test
    void varyKeepsOneVariantPerHeaderValue() throws Exception {
        startBalancer(c -> c);
        origin.answer("/v", request -> Answer.of(200, "lang " + request.header("Accept-Language"),
                "Cache-Control", "max-age=60", "Vary", "Accept-Language"));

        assertThat(text(get("/v", "Accept-Language", "en"))).isEqualTo("lang en");
        assertThat(text(get("/v", "Accept-Language", "fr"))).isEqualTo("lang fr");
        HttpResponse<byte[]> en = get("/v", "Accept-Language", "en");
        HttpResponse<byte[]> fr = get("/v", "Accept-Language", "fr");

        assertThat(text(en)).isEqualTo("lang en");
        assertThat(xCache(en)).isEqualTo("HIT");
        assertThat(text(fr)).isEqualTo("lang fr");
        assertThat(xCache(fr)).isEqualTo("HIT");
        assertThat(origin.requests("/v")).isEqualTo(2);
    }

    @Test
    void clientConditionalIsAnswered304FromAFreshEntry() throws Exception {
        startBalancer(c -> c);
        origin.answer("/e", Answer.of(200, "tagged", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
        HttpResponse<byte[]> first = get("/e", "If-None-Match", "\"v1\"");

        HttpResponse<byte[]> second = get("/e", "If-None-Match", "\"v1\"");

        // a conditional miss is sent upstream unconditionally, so the full response could be stored
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(origin.received.get(0).header("If-None-Match")).isNull();
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(origin.requests("/e")).isEqualTo(1);
    }

    @Test
    void staleEntryIsRevalidatedAndA304FromTheBackendServesTheStoredBody() throws Exception {
        startBalancer(c -> c);
        origin.answer("/r", request -> "\"v1\"".equals(request.header("If-None-Match"))
                ? Answer.of(304, "", "Cache-Control", "max-age=60", "ETag", "\"v1\"")
                : Answer.of(200, "stored body", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
        get("/r");
        clock.advance(Duration.ofSeconds(61));

        HttpResponse<byte[]> refreshed = get("/r");
        HttpResponse<byte[]> after = get("/r");

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(text(refreshed)).isEqualTo("stored body");
        assertThat(origin.received.get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(xCache(after)).isEqualTo("HIT");
        assertThat(text(after)).isEqualTo("stored body");
        assertThat(origin.requests("/r")).isEqualTo(2);
    }

    @Test
    void authorizedRequestIsNotServedFromASharedEntryUnlessPublic() throws Exception {
        startBalancer(c -> c);
        origin.answer("/private-page", Answer.of(200, "for anyone", "Cache-Control", "max-age=60"));
        origin.answer("/public-page", Answer.of(200, "for anyone", "Cache-Control", "public, max-age=60"));
        get("/private-page");
        get("/public-page");

        HttpResponse<byte[]> authorized = get("/private-page", "Authorization", "Bearer alice");
        HttpResponse<byte[]> authorizedPublic = get("/public-page", "Authorization", "Bearer alice");

        assertThat(xCache(authorized)).isEqualTo("MISS");
        assertThat(xCache(authorizedPublic)).isEqualTo("HIT");
        assertThat(origin.requests("/private-page")).isEqualTo(2);
        assertThat(origin.requests("/public-page")).isEqualTo(1);
    }

    @Test
    void setCookieIsNeverReplayedToAnotherClient() throws Exception {
        startBalancer(c -> c.storeResponsesWithSetCookie(true));
        origin.answer("/c", Answer.of(200, "page", "Cache-Control", "max-age=60", "Set-Cookie", "session=alice"));

        HttpResponse<byte[]> alice = get("/c");
        HttpResponse<byte[]> bob = get("/c");

        assertThat(alice.headers().firstValue("Set-Cookie")).hasValue("session=alice");
        assertThat(xCache(bob)).isEqualTo("HIT");
        assertThat(bob.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void setCookieResponsesAreNotStoredByDefault() throws Exception {
        startBalancer(c -> c);
        origin.answer("/c", Answer.of(200, "page", "Cache-Control", "max-age=60", "Set-Cookie", "session=alice"));

        get("/c");
        HttpResponse<byte[]> bob = get("/c");

        assertThat(xCache(bob)).isEqualTo("MISS");
        assertThat(bob.headers().firstValue("Set-Cookie")).hasValue("session=alice");
        assertThat(origin.requests("/c")).isEqualTo(2);
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesInTheBackground() throws Exception {
        startBalancer(c -> c);
        int[] version = {1};
        origin.answer("/s", request -> Answer.of(200, "v" + version[0]++,
                "Cache-Control", "max-age=10, stale-while-revalidate=60"));
        get("/s");
        clock.advance(Duration.ofSeconds(20));

        HttpResponse<byte[]> stale = get("/s");

        assertThat(xCache(stale)).isEqualTo("STALE");
        assertThat(text(stale)).isEqualTo("v1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<byte[]> fresh = get("/s");
            assertThat(xCache(fresh)).isEqualTo("HIT");
            assertThat(text(fresh)).isEqualTo("v2");
        });
        assertThat(origin.requests("/s")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesTheStoredCopyWhenTheBackendAnswers503() throws Exception {
        startBalancer(c -> c);
        boolean[] down = {false};
        origin.answer("/e", request -> down[0] ? Answer.of(503, "down")
                : Answer.of(200, "good", "Cache-Control", "max-age=10, stale-if-error=600"));
        get("/e");
        clock.advance(Duration.ofSeconds(30));
        down[0] = true;

        HttpResponse<byte[]> response = get("/e");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("STALE");
        assertThat(text(response)).isEqualTo("good");
        assertThat(origin.requests("/e")).isEqualTo(2);
        // the backend's connection went back to the pool with its 503 body read: the next request works
        down[0] = false;
        assertThat(text(get("/e"))).isEqualTo("good");
    }

    @Test
    void staleIfErrorServesTheStoredCopyWhenTheBackendIsDown() throws Exception {
        startBalancer(c -> c);
        origin.answer("/d", Answer.of(200, "good", "Cache-Control", "max-age=10, stale-if-error=600"));
        get("/d");
        clock.advance(Duration.ofSeconds(30));
        origin.backend.refuseConnections();
        origin.backend.dropConnections();

        HttpResponse<byte[]> response = get("/d");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(xCache(response)).isEqualTo("STALE");
        assertThat(text(response)).isEqualTo("good");
    }

    @Test
    void withoutStaleIfErrorTheClientGetsTheError() throws Exception {
        startBalancer(c -> c);
        origin.answer("/n", Answer.of(200, "good", "Cache-Control", "max-age=10"));
        get("/n");
        clock.advance(Duration.ofSeconds(30));
        origin.backend.refuseConnections();
        origin.backend.dropConnections();

        assertThat(get("/n").statusCode()).isEqualTo(502);
    }

    @Test
    void leastRecentlyUsedEntriesAreEvictedToStayWithinTheByteBound() throws Exception {
        startBalancer(c -> c.maxBytes(200_000));
        for (int i = 0; i < 10; i++) {
            get("/e" + i + "?size=50000&header=Cache-Control:max-age%3D60");
        }

        String metrics = lb.meterRegistry().scrape();
        java.util.regex.Matcher bytes = java.util.regex.Pattern.compile("multiserver_cache_bytes (\\d+)\\.0")
                .matcher(metrics);
        assertThat(bytes.find()).as(metrics).isTrue();
        assertThat(Long.parseLong(bytes.group(1))).isPositive().isLessThanOrEqualTo(200_000);
        // Caffeine (W-TinyLFU) decides which entries stay, and a second pass evicts as it refetches: what a pass
        // can observe is that no more than the bound holds (4 × 50 kB) come back as hits
        long cached = 0;
        for (int i = 9; i >= 0; i--) {
            if ("HIT".equals(xCache(get("/e" + i + "?size=50000&header=Cache-Control:max-age%3D60")))) {
                cached++;
            }
        }
        assertThat(cached).isBetween(0L, 4L);
        assertThat(metrics).containsPattern("multiserver_cache_evictions \\d+\\.0");
        assertThat(metrics).doesNotContain("multiserver_cache_evictions 0.0");
    }

    @Test
    void countsAreExposedAsPrometheusMetrics() throws Exception {
        startBalancer(c -> c);
        origin.answer("/m", Answer.of(200, "m", "Cache-Control", "max-age=60"));
        get("/m");
        get("/m");
        get("/m");
        send("POST", "/elsewhere");

        String metrics = lb.meterRegistry().scrape();

        assertThat(metrics).contains("multiserver_cache_requests_total{result=\"hit\"} 2.0");
        assertThat(metrics).contains("multiserver_cache_requests_total{result=\"miss\"} 1.0");
        assertThat(metrics).contains("multiserver_cache_requests_total{result=\"bypass\"} 1.0");
        assertThat(metrics).containsPattern("multiserver_cache_bytes [1-9]");
    }
}
