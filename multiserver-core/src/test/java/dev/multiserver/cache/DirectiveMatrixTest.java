package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each directive alone and combined: a first request fills (or not) the cache, the clock moves, and a second
 * request shows what the cache did with it.
 */
class DirectiveMatrixTest {

    private static final String NOW = "Tue, 01 Jan 2030 00:00:00 GMT";
    private static final String IN_60 = "Tue, 01 Jan 2030 00:01:00 GMT";

    static Stream<Arguments> matrix() {
        return Stream.of(
                // label, status, response headers, request headers (second request), seconds later, expected
                row("max-age fresh", 200, h("Cache-Control", "max-age=60"), h(), 30, CacheStatus.HIT),
                row("max-age expired", 200, h("Cache-Control", "max-age=60"), h(), 61, CacheStatus.MISS),
                row("s-maxage wins over max-age", 200, h("Cache-Control", "max-age=10, s-maxage=60"), h(), 30,
                        CacheStatus.HIT),
                row("s-maxage shorter than max-age", 200, h("Cache-Control", "max-age=60, s-maxage=10"), h(), 30,
                        CacheStatus.MISS),
                row("no-store", 200, h("Cache-Control", "max-age=60, no-store"), h(), 1, CacheStatus.MISS),
                row("no-cache revalidates", 200, h("Cache-Control", "max-age=60, no-cache", "ETag", "\"v1\""), h(),
                        1, CacheStatus.MISS),
                row("private never stored", 200, h("Cache-Control", "private, max-age=60"), h(), 1,
                        CacheStatus.MISS),
                row("private with field names never stored", 200, h("Cache-Control", "private=\"X-A\", max-age=60"),
                        h(), 1, CacheStatus.MISS),
                row("public alone has no freshness", 200, h("Cache-Control", "public"), h(), 1, CacheStatus.MISS),
                row("public with max-age", 200, h("Cache-Control", "public, max-age=60"), h(), 1, CacheStatus.HIT),
                row("Expires with Date fresh", 200, h("Date", NOW, "Expires", IN_60), h(), 30, CacheStatus.HIT),
                row("Expires with Date expired", 200, h("Date", NOW, "Expires", IN_60), h(), 61, CacheStatus.MISS),
                row("invalid Expires is expired", 200, h("Date", NOW, "Expires", "0"), h(), 1, CacheStatus.MISS),
                row("max-age wins over Expires", 200, h("Date", NOW, "Expires", IN_60, "Cache-Control",
                        "max-age=5"), h(), 30, CacheStatus.MISS),
                row("no freshness information", 200, h(), h(), 1, CacheStatus.MISS),
                row("validators alone not stored", 200, h("ETag", "\"v1\""), h(), 1, CacheStatus.MISS),
                row("must-revalidate fresh", 200, h("Cache-Control", "max-age=60, must-revalidate"), h(), 30,
                        CacheStatus.HIT),
                row("must-revalidate beats stale-while-revalidate", 200,
                        h("Cache-Control", "max-age=60, must-revalidate, stale-while-revalidate=60"), h(), 70,
                        CacheStatus.MISS),
                row("proxy-revalidate beats stale-while-revalidate", 200,
                        h("Cache-Control", "max-age=60, proxy-revalidate, stale-while-revalidate=60"), h(), 70,
                        CacheStatus.MISS),
                row("s-maxage beats stale-while-revalidate", 200,
                        h("Cache-Control", "s-maxage=60, stale-while-revalidate=60"), h(), 70, CacheStatus.MISS),
                row("stale-while-revalidate", 200, h("Cache-Control", "max-age=60, stale-while-revalidate=30"), h(),
                        70, CacheStatus.STALE),
                row("stale-while-revalidate ran out", 200,
                        h("Cache-Control", "max-age=60, stale-while-revalidate=30"), h(), 91, CacheStatus.MISS),
                row("request no-cache", 200, h("Cache-Control", "max-age=60"), h("Cache-Control", "no-cache"), 1,
                        CacheStatus.MISS),
                row("request Pragma no-cache", 200, h("Cache-Control", "max-age=60"), h("Pragma", "no-cache"), 1,
                        CacheStatus.MISS),
                row("request Pragma ignored beside Cache-Control", 200, h("Cache-Control", "max-age=60"),
                        h("Pragma", "no-cache", "Cache-Control", "max-age=100"), 1, CacheStatus.HIT),
                row("request max-age older than entry", 200, h("Cache-Control", "max-age=60"),
                        h("Cache-Control", "max-age=10"), 30, CacheStatus.MISS),
                row("request no-store bypasses", 200, h("Cache-Control", "max-age=60"),
                        h("Cache-Control", "no-store"), 1, CacheStatus.BYPASS),
                row("404 cacheable by default", 404, h("Cache-Control", "max-age=60"), h(), 1, CacheStatus.HIT),
                row("301 cacheable by default", 301, h("Cache-Control", "max-age=60", "Location", "/b"), h(), 1,
                        CacheStatus.HIT),
                row("201 with explicit freshness", 201, h("Cache-Control", "max-age=60"), h(), 1, CacheStatus.HIT),
                row("206 never stored", 206, h("Cache-Control", "max-age=60"), h(), 1, CacheStatus.MISS),
                row("Vary star never stored", 200, h("Cache-Control", "max-age=60", "Vary", "*"), h(), 1,
                        CacheStatus.MISS),
                row("Age from upstream counts", 200, h("Cache-Control", "max-age=60", "Age", "50"), h(), 11,
                        CacheStatus.MISS),
                row("unparsable max-age is stale", 200, h("Cache-Control", "max-age=soon"), h(), 0,
                        CacheStatus.MISS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void secondRequestShowsWhatTheCacheDid(String label, int status, String[] responseHeaders,
            String[] requestHeaders, int secondsLater, CacheStatus expected) {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(status, "body", responseHeaders));
            origin.get("/r");
            clock.advance(Duration.ofSeconds(secondsLater));

            Origin.Received second = origin.get("/r", requestHeaders);

            assertThat(second.cacheStatus()).as(label).isEqualTo(expected);
            assertThat(second.header("X-Cache")).as(label).isEqualTo(expected.name());
            assertThat(origin.upstream).as(label).hasSize(expected == CacheStatus.HIT ? 1 : 2);
        }
    }

    private static Arguments row(String label, int status, String[] response, String[] request, int seconds,
            CacheStatus expected) {
        return Arguments.of(label, status, response, request, seconds, expected);
    }

    private static String[] h(String... pairs) {
        return pairs;
    }
}
