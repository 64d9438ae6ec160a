package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VaryTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void eachVaryValueHasItsOwnVariant() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "enc=" + request.headers().first("Accept-Encoding").orElse("none"),
                    "Cache-Control", "max-age=60", "Vary", "Accept-Encoding"));

            assertThat(origin.get("/v", "Accept-Encoding", "gzip").body()).isEqualTo("enc=gzip");
            assertThat(origin.get("/v", "Accept-Encoding", "br").body()).isEqualTo("enc=br");
            Origin.Received gzip = origin.get("/v", "Accept-Encoding", "gzip");
            Origin.Received br = origin.get("/v", "Accept-Encoding", "br");
            Origin.Received none = origin.get("/v");

            assertThat(gzip.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(gzip.body()).isEqualTo("enc=gzip");
            assertThat(br.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(br.body()).isEqualTo("enc=br");
            assertThat(none.cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(none.body()).isEqualTo("enc=none");
        }
    }

    @Test
    void varyValuesAreNormalized() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x",
                    "Cache-Control", "max-age=60", "Vary", "accept-language"));
            origin.get("/v", "Accept-Language", "en,  fr");

            assertThat(origin.get("/v", "accept-language", "en, fr").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void hostIsAlwaysPartOfTheVariant() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "site " + request.headers().first("Host").orElseThrow(), "Cache-Control", "max-age=60"));
            origin.get("/", "Host", "a.example");

            assertThat(origin.get("/", "Host", "b.example").body()).isEqualTo("site b.example");
            assertThat(origin.get("/", "Host", "A.example").body()).isEqualTo("site a.example");
        }
    }

    @Test
    void hitsAlternatingBetweenHostsEachGetTheirOwnSite() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "site " + request.headers().first("Host").orElseThrow(), "Cache-Control", "max-age=60"));
            origin.get("/", "Host", "a.example");
            origin.get("/", "Host", "b.example");

            for (int i = 0; i < 3; i++) {
                assertThat(origin.get("/", "Host", "a.example").body()).isEqualTo("site a.example");
                assertThat(origin.get("/", "Host", "b.example").body()).isEqualTo("site b.example");
            }
            assertThat(origin.get("/", "Host", "b.example", "Host", "a.example").cacheStatus())
                    .isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/other", "Host", "a.example").cacheStatus()).isEqualTo(CacheStatus.MISS);
        }
    }

    @Test
    void ruleVaryHeadersSeparateVariantsTheResponseDoesNotName() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock)
                .rule(CacheRule.path("/*").varyHeaders("X-Tenant")).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "tenant " + request.headers().first("X-Tenant").orElse("-"), "Cache-Control", "max-age=60"));
            origin.get("/t", "X-Tenant", "1");

            assertThat(origin.get("/t", "X-Tenant", "2").body()).isEqualTo("tenant 2");
            assertThat(origin.get("/t", "X-Tenant", "1").cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(origin.get("/t", "X-Tenant", "2").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void changedVaryRetiresTheOldVariants() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "by encoding",
                    "Cache-Control", "max-age=60", "Vary", "Accept-Encoding"));
            origin.get("/v", "Accept-Encoding", "gzip", "Accept-Language", "en", "Cache-Control", "no-cache");
            origin.answer(Origin.Reply.of(200, "by language", "Cache-Control", "max-age=60",
                    "Vary", "Accept-Language"));
            origin.get("/v", "Accept-Encoding", "gzip", "Accept-Language", "en", "Cache-Control", "no-cache");

            Origin.Received received = origin.get("/v", "Accept-Encoding", "br", "Accept-Language", "en");
            assertThat(received.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(received.body()).isEqualTo("by language");
        }
    }
}
