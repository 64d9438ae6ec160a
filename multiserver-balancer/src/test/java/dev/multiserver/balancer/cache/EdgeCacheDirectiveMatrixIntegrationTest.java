package dev.multiserver.balancer.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.cache.Origin.Answer;
import dev.multiserver.cache.ResponseCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Response directives alone and combined, through the balancer: a first request fills (or not) the edge cache,
 * the clock moves, and the second request's X-Cache and the backend's request count show what was done.
 */
class EdgeCacheDirectiveMatrixIntegrationTest {

    /** Stand for HTTP dates at the time of the row's first request (the clock moves on from row to row). */
    private static final String NOW = "{now}";
    private static final String IN_60 = "{now+60}";
    private static final HttpClient client = HttpClient.newHttpClient();
    private static final MutableClock clock = new MutableClock();
    private static Origin origin;
    private static LoadBalancer lb;
    private static int row;

    @BeforeAll
    static void start() {
        origin = new Origin("matrix");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(origin.uri())
                .cache(ResponseCache.builder().clock(clock).build()).build().start();
    }

    @AfterAll
    static void stop() {
        lb.close();
        origin.close();
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                // label, response headers, request headers of the second request, seconds later, X-Cache
                row("max-age fresh", h("Cache-Control", "max-age=60"), h(), 30, "HIT"),
                row("max-age expired", h("Cache-Control", "max-age=60"), h(), 61, "MISS"),
                row("s-maxage wins over max-age", h("Cache-Control", "max-age=10, s-maxage=60"), h(), 30, "HIT"),
                row("s-maxage shorter than max-age", h("Cache-Control", "max-age=60, s-maxage=10"), h(), 30,
                        "MISS"),
                row("no-store", h("Cache-Control", "max-age=60, no-store"), h(), 1, "MISS"),
                row("no-cache revalidates", h("Cache-Control", "max-age=60, no-cache", "ETag", "\"v1\""), h(), 1,
                        "MISS"),
                row("private never stored", h("Cache-Control", "private, max-age=60"), h(), 1, "MISS"),
                row("public alone has no freshness", h("Cache-Control", "public"), h(), 1, "MISS"),
                row("public with max-age", h("Cache-Control", "public, max-age=60"), h(), 1, "HIT"),
                row("Expires fresh", h("Date", NOW, "Expires", IN_60), h(), 30, "HIT"),
                row("Expires expired", h("Date", NOW, "Expires", IN_60), h(), 61, "MISS"),
                row("max-age wins over Expires", h("Date", NOW, "Expires", IN_60, "Cache-Control", "max-age=5"),
                        h(), 30, "MISS"),
                row("no freshness information", h(), h(), 1, "MISS"),
                row("must-revalidate fresh", h("Cache-Control", "max-age=60, must-revalidate"), h(), 30, "HIT"),
                row("must-revalidate beats stale-while-revalidate",
                        h("Cache-Control", "max-age=60, must-revalidate, stale-while-revalidate=60"), h(), 70, "MISS"),
                row("proxy-revalidate beats stale-while-revalidate",
                        h("Cache-Control", "max-age=60, proxy-revalidate, stale-while-revalidate=60"), h(), 70,
                        "MISS"),
                row("stale-while-revalidate", h("Cache-Control", "max-age=60, stale-while-revalidate=30"), h(), 70,
                        "STALE"),
                row("request no-cache", h("Cache-Control", "max-age=60"), h("Cache-Control", "no-cache"), 1, "MISS"),
                row("request Pragma no-cache", h("Cache-Control", "max-age=60"), h("Pragma", "no-cache"), 1, "MISS"),
                row("request max-age=0", h("Cache-Control", "max-age=60"), h("Cache-Control", "max-age=0"), 1,
                        "MISS"),
                row("request no-store bypasses", h("Cache-Control", "max-age=60"), h("Cache-Control", "no-store"), 1,
                        "BYPASS"),
                row("Vary star never stored", h("Cache-Control", "max-age=60", "Vary", "*"), h(), 1, "MISS"));
    }

    private static Arguments row(String label, String[] response, String[] request, int later, String expected) {
        return Arguments.of(label, response, request, later, expected);
    }

    private static String[] h(String... fields) {
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void directive(String label, String[] responseHeaders, String[] requestHeaders, int later, String expected)
            throws Exception {
        String path = "/row" + row++;
        String[] headers = responseHeaders.clone();
        for (int i = 0; i < headers.length; i++) {
            headers[i] = headers[i].replace(NOW, httpDate(0)).replace(IN_60, httpDate(60));
        }
        origin.answer(path, Answer.of(200, label, headers));
        String first = xCache(path, new String[0]);
        clock.advance(Duration.ofSeconds(later));

        String second = xCache(path, requestHeaders);

        assertThat(first).isEqualTo("MISS");
        assertThat(second).as(label).isEqualTo(expected);
        // a STALE answer's revalidation reaches the backend in the background
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(origin.requests(path))
                .as(label + ": backend requests").isEqualTo(expected.equals("HIT") ? 1 : 2));
    }

    private static String httpDate(int secondsLater) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(secondsLater)
                .atZone(ZoneOffset.UTC));
    }

    private static String xCache(String path, String[] headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).isNotEmpty();
        return response.headers().firstValue("X-Cache").orElseThrow();
    }
}
