package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 5861: stale-while-revalidate and stale-if-error. */
class StaleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ResponseCache cache = ResponseCache.builder().clock(clock).build();

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void staleWhileRevalidateServesStaleAndRefreshesInTheBackgroundOnce() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\""));
        origin.get("/s");
        clock.advance(Duration.ofSeconds(70));
        CacheRequest request = new CacheRequest("GET", "/s", CacheHeaders.empty());

        CacheDecision.Serve first = (CacheDecision.Serve) cache.decide(request).join();
        CacheDecision.Serve second = (CacheDecision.Serve) cache.decide(request).join();

        assertThat(first.status()).isEqualTo(CacheStatus.STALE);
        assertThat(first.response().headers().first("X-Cache")).contains("STALE");
        assertThat(first.response().headers().first("Age")).contains("70");
        assertThat(first.background()).isPresent();
        assertThat(second.status()).isEqualTo(CacheStatus.STALE);
        assertThat(second.background()).as("one background revalidation per key at a time").isEmpty();

        Revalidation revalidation = first.background().orElseThrow();
        assertThat(revalidation.request().headers().first("If-None-Match")).contains("\"v1\"");
        revalidation.admission().onResponse(304, CacheHeaders.of("Cache-Control",
                "max-age=60, stale-while-revalidate=30", "ETag", "\"v1\""));

        CacheDecision refreshed = cache.decide(request).join();
        assertThat(refreshed.status()).isEqualTo(CacheStatus.HIT);
        assertThat(((CacheDecision.Serve) refreshed).response().headers().first("Age")).contains("0");
    }

    @Test
    void aHeadOnAStaleEntryRevalidatesWithAGetSoTheStoredBodyIsNotLost() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-while-revalidate=30"));
        origin.get("/s");
        clock.advance(Duration.ofSeconds(70));

        CacheDecision.Serve head = (CacheDecision.Serve) cache.decide(
                new CacheRequest("HEAD", "/s", CacheHeaders.empty())).join();

        assertThat(head.status()).isEqualTo(CacheStatus.STALE);
        assertThat(head.background().orElseThrow().request().method()).isEqualTo("GET");
    }

    @Test
    void backgroundRevalidationWithAFullResponseReplacesTheEntry() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-while-revalidate=30"));
        origin.get("/s");
        clock.advance(Duration.ofSeconds(70));
        origin.answer(Origin.Reply.of(200, "v2", "Cache-Control", "max-age=60, stale-while-revalidate=30"));

        assertThat(origin.get("/s").body()).isEqualTo("v1");
        Origin.Received after = origin.get("/s");
        assertThat(after.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(after.body()).isEqualTo("v2");
    }

    @Test
    void aFailedBackgroundRevalidationLetsTheNextOneStart() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-while-revalidate=30"));
        origin.get("/s");
        clock.advance(Duration.ofSeconds(70));
        CacheRequest request = new CacheRequest("GET", "/s", CacheHeaders.empty());

        CacheDecision.Serve first = (CacheDecision.Serve) cache.decide(request).join();
        first.background().orElseThrow().admission().onError(0);

        assertThat(((CacheDecision.Serve) cache.decide(request).join()).background()).isPresent();
    }

    @Test
    void staleIfErrorServesTheStaleCopyWithinItsWindow() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-if-error=300"));
        origin.get("/e");
        origin.answer(Origin.Reply.of(503, "down"));
        clock.advance(Duration.ofSeconds(120));

        Origin.Received received = origin.get("/e");

        assertThat(received.status()).isEqualTo(200);
        assertThat(received.body()).isEqualTo("v1");
        assertThat(received.header("X-Cache")).isEqualTo("STALE");
        assertThat(received.header("Age")).isEqualTo("120");
        assertThat(cache.metrics().stale()).isEqualTo(1);
    }

    @Test
    void staleIfErrorAlsoCoversConnectErrors() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-if-error=300"));
        origin.get("/e");
        origin.answer(Origin.Reply.of(0, ""));
        clock.advance(Duration.ofSeconds(120));

        assertThat(origin.get("/e").body()).isEqualTo("v1");
    }

    @Test
    void staleIfErrorWindowEnds() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, stale-if-error=30"));
        origin.get("/e");
        origin.answer(Origin.Reply.of(503, "down"));
        clock.advance(Duration.ofSeconds(91));

        Origin.Received received = origin.get("/e");
        assertThat(received.status()).isEqualTo(503);
        assertThat(received.body()).isEqualTo("down");
    }

    @Test
    void mustRevalidateForbidsStaleIfError() {
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
                "Cache-Control", "max-age=60, must-revalidate, stale-if-error=300"));
        origin.get("/e");
        origin.answer(Origin.Reply.of(503, "down"));
        clock.advance(Duration.ofSeconds(61));

        assertThat(origin.get("/e").status()).isEqualTo(503);
    }
}
