package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** No response meant for one user reaches another. */
class PrivacyTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void authorizedResponseIsNotStoredWithoutPublicSMaxageOrMustRevalidate() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "for " + request.headers().first("Authorization").orElse("anyone"),
                    "Cache-Control", "max-age=60"));
            origin.get("/me", "Authorization", "Bearer alice");

            Origin.Received bob = origin.get("/me", "Authorization", "Bearer bob");
            Origin.Received anonymous = origin.get("/me");

            assertThat(bob.body()).isEqualTo("for Bearer bob");
            assertThat(anonymous.body()).isEqualTo("for anyone");
            assertThat(anonymous.cacheStatus()).isEqualTo(CacheStatus.MISS);
        }
    }

    @Test
    void authorizedRequestIsNotServedFromAnEntryThatDoesNotAllowIt() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200,
                    "for " + request.headers().first("Authorization").orElse("anyone"),
                    "Cache-Control", "max-age=60"));
            origin.get("/page");

            assertThat(origin.get("/page", "Authorization", "Bearer alice").body()).isEqualTo("for Bearer alice");
            assertThat(origin.get("/page").body()).isEqualTo("for anyone");
            assertThat(origin.get("/page").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void authorizedResponseWithPublicIsSharedWithEveryone() {
        for (String cacheControl : new String[] {"public, max-age=60", "s-maxage=60", "max-age=60, must-revalidate"}) {
            try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
                Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "shared",
                        "Cache-Control", cacheControl));
                origin.get("/doc", "Authorization", "Bearer alice");

                assertThat(origin.get("/doc", "Authorization", "Bearer bob").cacheStatus()).as(cacheControl)
                        .isEqualTo(CacheStatus.HIT);
            }
        }
    }

    @Test
    void responseWithSetCookieIsNotStoredByDefault() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x",
                    "Cache-Control", "max-age=60", "Set-Cookie", "session=alice"));
            Origin.Received alice = origin.get("/home");
            Origin.Received bob = origin.get("/home");

            assertThat(alice.header("Set-Cookie")).isEqualTo("session=alice");
            assertThat(bob.cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(cache.metrics().notStored()).isEqualTo(2);
        }
    }

    @Test
    void storedResponseWithSetCookieNeverReplaysTheCookie() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).storeResponsesWithSetCookie(true).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x",
                    "Cache-Control", "max-age=60", "Set-Cookie", "session=alice", "Set-Cookie2", "old=1"));
            Origin.Received alice = origin.get("/home");
            Origin.Received bob = origin.get("/home");
            Origin.Received carol = origin.get("/home", "If-None-Match", "*");

            assertThat(alice.headers().all("Set-Cookie")).containsExactly("session=alice");
            assertThat(bob.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(bob.headers().contains("Set-Cookie")).isFalse();
            assertThat(bob.headers().contains("Set-Cookie2")).isFalse();
            assertThat(carol.headers().contains("Set-Cookie")).isFalse();
        }
    }

    @Test
    void privateResponseIsNeverStored() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock)
                .rule(CacheRule.path("/*").defaultTtl(java.time.Duration.ofMinutes(5))).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "mine",
                    "Cache-Control", "private, s-maxage=60, public"));
            origin.get("/account");

            assertThat(origin.get("/account").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(cache.metrics().stored()).isZero();
        }
    }

    @Test
    void hopByHopFieldsAreNotStored() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60",
                    "Connection", "X-Trace", "X-Trace", "1", "Keep-Alive", "timeout=5",
                    "Transfer-Encoding", "chunked", "X-Kept", "yes"));
            origin.get("/h");

            Origin.Received hit = origin.get("/h");
            assertThat(hit.header("X-Kept")).isEqualTo("yes");
            assertThat(hit.headers().contains("X-Trace")).isFalse();
            assertThat(hit.headers().contains("Keep-Alive")).isFalse();
            assertThat(hit.headers().contains("Transfer-Encoding")).isFalse();
            assertThat(hit.header("Content-Length")).isEqualTo("1");
        }
    }
}
