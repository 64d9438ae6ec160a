package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCacheHitMissTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ResponseCache cache = ResponseCache.builder().clock(clock).build();
    private final Origin origin = new Origin(cache,
            request -> Origin.Reply.of(200, "hello " + request.target(), "Cache-Control", "max-age=60"));

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void secondRequestIsAHitWithAgeAndTheSameBody() {
        Origin.Received first = origin.get("/a", "Host", "example.com");
        clock.advance(Duration.ofSeconds(5));
        Origin.Received second = origin.get("/a", "Host", "example.com");

        assertThat(first.cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        assertThat(second.cacheStatus()).isEqualTo(CacheStatus.HIT);
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(second.header("Age")).isEqualTo("5");
        assertThat(second.body()).isEqualTo("hello /a");
        assertThat(second.header("Content-Length")).isEqualTo("8");
        assertThat(origin.upstream).hasSize(1);
    }

    @Test
    void everyHitOfOneStoredEntryHasItsOwnAgeAndOneCacheStatusField() {
        Origin aged = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60",
                "Age", "3", "X-Cache", "HIT from upstream"));
        aged.get("/aged");
        clock.advance(Duration.ofSeconds(2));
        Origin.Received early = aged.get("/aged");
        clock.advance(Duration.ofSeconds(10));
        Origin.Received late = aged.get("/aged");

        assertThat(early.headers().all("Age")).containsExactly("5");
        assertThat(late.headers().all("Age")).containsExactly("15");
        assertThat(late.headers().all("X-Cache")).containsExactly("HIT");
        assertThat(late.headers().all("Cache-Control")).containsExactly("max-age=60");
        assertThat(aged.upstream).hasSize(1);
    }

    @Test
    void entryExpiresAfterMaxAge() {
        origin.get("/a");
        clock.advance(Duration.ofSeconds(61));
        assertThat(origin.get("/a").cacheStatus()).isEqualTo(CacheStatus.MISS);
        assertThat(origin.upstream).hasSize(2);
    }
}
