package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ResponseCache cache = ResponseCache.builder().clock(clock).build();
    private final Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "v1",
            "Cache-Control", "max-age=60", "ETag", "\"v1\"", "Last-Modified", "Mon, 31 Dec 2029 00:00:00 GMT",
            "Content-Type", "text/plain"));

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void staleEntryIsRevalidatedConditionallyAndA304RefreshesIt() {
        origin.get("/doc");
        clock.advance(Duration.ofSeconds(90));
        origin.answer(Origin.Reply.of(304, "", "Cache-Control", "max-age=120", "ETag", "\"v1\""));

        Origin.Received revalidated = origin.get("/doc");

        CacheRequest conditional = origin.upstream.get(1);
        assertThat(conditional.headers().first("If-None-Match")).contains("\"v1\"");
        assertThat(conditional.headers().first("If-Modified-Since")).contains("Mon, 31 Dec 2029 00:00:00 GMT");
        assertThat(revalidated.status()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo("v1");
        assertThat(revalidated.header("Cache-Control")).isEqualTo("max-age=120");
        assertThat(revalidated.header("Content-Type")).isEqualTo("text/plain");
        assertThat(revalidated.header("X-Cache")).isEqualTo("HIT");

        clock.advance(Duration.ofSeconds(100));
        Origin.Received later = origin.get("/doc");
        assertThat(later.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(later.header("Age")).isEqualTo("100");
        assertThat(origin.upstream).hasSize(2);
    }

    @Test
    void staleEntryReplacedWhenUpstreamAnswersInFull() {
        origin.get("/doc");
        clock.advance(Duration.ofSeconds(90));
        origin.answer(Origin.Reply.of(200, "v2", "Cache-Control", "max-age=60", "ETag", "\"v2\""));

        assertThat(origin.get("/doc").body()).isEqualTo("v2");
        Origin.Received hit = origin.get("/doc");
        assertThat(hit.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(hit.body()).isEqualTo("v2");
    }

    @Test
    void conditionalClientGets304WhenTheRevalidatedEntryMatches() {
        origin.get("/doc");
        clock.advance(Duration.ofSeconds(90));
        origin.answer(Origin.Reply.of(304, "", "ETag", "\"v1\""));

        Origin.Received received = origin.get("/doc", "If-None-Match", "\"v1\"");

        assertThat(received.status()).isEqualTo(304);
        assertThat(received.body()).isEmpty();
    }

    @Test
    void clientIfNoneMatchAgainstFreshEntryIs304FromTheCache() {
        origin.get("/doc");

        Origin.Received matching = origin.get("/doc", "If-None-Match", "\"other\", W/\"v1\"");
        Origin.Received different = origin.get("/doc", "If-None-Match", "\"v0\"");
        Origin.Received star = origin.get("/doc", "If-None-Match", "*");

        assertThat(matching.status()).isEqualTo(304);
        assertThat(matching.body()).isEmpty();
        assertThat(matching.header("ETag")).isEqualTo("\"v1\"");
        assertThat(matching.header("Content-Length")).isNull();
        assertThat(different.status()).isEqualTo(200);
        assertThat(different.body()).isEqualTo("v1");
        assertThat(star.status()).isEqualTo(304);
        assertThat(origin.upstream).hasSize(1);
    }

    @Test
    void clientIfModifiedSinceAgainstFreshEntryIs304FromTheCache() {
        origin.get("/doc");

        assertThat(origin.get("/doc", "If-Modified-Since", "Mon, 31 Dec 2029 00:00:00 GMT").status())
                .isEqualTo(304);
        assertThat(origin.get("/doc", "If-Modified-Since", "Sun, 30 Dec 2029 00:00:00 GMT").status())
                .isEqualTo(200);
        assertThat(origin.get("/doc", "If-Modified-Since", "not a date").status()).isEqualTo(200);
    }

    @Test
    void clientConditionalIsNotSentUpstreamOnAMissSoTheFullResponseCanBeStored() {
        origin.get("/doc", "If-None-Match", "\"v1\"");

        assertThat(origin.upstream.get(0).headers().contains("If-None-Match")).isFalse();
        assertThat(origin.get("/doc").cacheStatus()).isEqualTo(CacheStatus.HIT);
    }

    @Test
    void upstream304ToAnUnconditionalRequestIsPassedOnAndNotStored() {
        origin.answer(Origin.Reply.of(304, "", "ETag", "\"v1\"", "Cache-Control", "max-age=60"));

        assertThat(origin.get("/doc").status()).isEqualTo(304);
        assertThat(origin.get("/doc").cacheStatus()).isEqualTo(CacheStatus.MISS);
    }

    @Test
    void ageIsComputedFromDateAgeAndResidentTime() {
        // the response left the origin 10 s ago (Date) and an upstream cache already held it for 20 s (Age)
        origin.answer(Origin.Reply.of(200, "x", "Cache-Control", "max-age=600",
                "Date", "Mon, 31 Dec 2029 23:59:50 GMT", "Age", "20"));
        origin.get("/aged");
        clock.advance(Duration.ofSeconds(7));

        assertThat(origin.get("/aged").header("Age")).isEqualTo("27");
    }
}
