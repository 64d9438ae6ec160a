package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Byte bound, object size, purge, rules, the status header, metrics, and store failures. */
class LimitsAndOperationsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    private static Origin.Reply sized(int bytes) {
        return new Origin.Reply(200, CacheHeaders.of("Cache-Control", "max-age=600"), new byte[bytes]);
    }

    @Test
    void memoryTierStaysWithinItsByteBound() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).maxBytes(100_000).build()) {
            Origin origin = new Origin(cache, request -> sized(10_000));
            for (int i = 0; i < 50; i++) {
                origin.get("/item/" + i);
            }

            CacheMetrics metrics = cache.metrics();
            assertThat(metrics.bytes()).isPositive().isLessThanOrEqualTo(100_000);
            assertThat(metrics.evictions()).isGreaterThanOrEqualTo(40);
            assertThat(metrics.stored()).isEqualTo(50);
        }
    }

    @Test
    void responsesOverMaxObjectSizePassWithoutBeingStored() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).maxObjectSize(100).build()) {
            Origin streamed = new Origin(cache, request -> sized(101));
            streamed.get("/big");
            assertThat(streamed.get("/big").cacheStatus()).isEqualTo(CacheStatus.MISS);

            Origin declared = new Origin(cache, request -> new Origin.Reply(200,
                    CacheHeaders.of("Cache-Control", "max-age=600", "Content-Length", "101"), new byte[101]));
            CacheDecision.Forward forward = (CacheDecision.Forward) cache.decide(
                    new CacheRequest("GET", "/declared", CacheHeaders.empty())).join();
            assertThat(forward.admission().onResponse(200, CacheHeaders.of("Cache-Control", "max-age=600",
                    "Content-Length", "101")).recorder()).isEmpty();

            Origin exact = new Origin(cache, request -> sized(100));
            exact.get("/exact");
            assertThat(exact.get("/exact").cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(declared.upstream).isEmpty();
        }
    }

    @Test
    void purgeRemovesEveryVariantOfOneTargetOnly() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x",
                    "Cache-Control", "max-age=600", "Vary", "Accept-Encoding"));
            origin.get("/a", "Accept-Encoding", "gzip");
            origin.get("/a", "Accept-Encoding", "br");
            origin.get("/ab");
            origin.get("/a?x=1");

            assertThat(cache.purge("/a").join()).isEqualTo(2);

            assertThat(origin.get("/a", "Accept-Encoding", "gzip").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/a", "Accept-Encoding", "br").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/ab").cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(origin.get("/a?x=1").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void purgePrefixRemovesEveryTargetUnderIt() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=600"));
            origin.get("/static/a.css");
            origin.get("/static/b.js?v=2");
            origin.get("/api/c");

            assertThat(cache.purgePrefix("/static/").join()).isEqualTo(2);

            assertThat(origin.get("/static/a.css").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/static/b.js?v=2").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/api/c").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void successfulUnsafeRequestInvalidatesItsTarget() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=600"));
            origin.get("/cart");

            Origin.Received post = origin.send(new CacheRequest("POST", "/cart", CacheHeaders.empty()));

            assertThat(post.cacheStatus()).isEqualTo(CacheStatus.BYPASS);
            assertThat(post.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(origin.get("/cart").cacheStatus()).isEqualTo(CacheStatus.MISS);
        }
    }

    @Test
    void headIsServedFromAGetEntryWithoutBodyAndAHeadMissIsNotStored() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "hello",
                    "Cache-Control", "max-age=600"));
            Origin.Received headMiss = origin.send(new CacheRequest("HEAD", "/h", CacheHeaders.empty()));
            assertThat(headMiss.cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.upstream.get(0).method()).isEqualTo("HEAD");
            assertThat(origin.get("/h").cacheStatus()).isEqualTo(CacheStatus.MISS);

            Origin.Received headHit = origin.send(new CacheRequest("HEAD", "/h", CacheHeaders.empty()));
            assertThat(headHit.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(headHit.body()).isEmpty();
            assertThat(headHit.header("Content-Length")).isEqualTo("5");
        }
    }

    @Test
    void rulesLimitTheCacheAndGiveADefaultTtl() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock)
                .rule(CacheRule.path("/static/*").defaultTtl(Duration.ofSeconds(60)),
                        CacheRule.regex("\\.json$"),
                        CacheRule.matching(request -> request.target().startsWith("/feed")))
                .build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x"));
            origin.get("/static/app.js");
            assertThat(origin.get("/static/app.js").cacheStatus()).isEqualTo(CacheStatus.HIT);
            clock.advance(Duration.ofSeconds(61));
            assertThat(origin.get("/static/app.js").cacheStatus()).isEqualTo(CacheStatus.MISS);

            assertThat(origin.get("/other").cacheStatus()).isEqualTo(CacheStatus.BYPASS);
            assertThat(origin.get("/data.json").cacheStatus()).as("matches, but no freshness and no defaultTtl")
                    .isEqualTo(CacheStatus.MISS);

            origin.answer(Origin.Reply.of(200, "x", "Cache-Control", "max-age=5"));
            origin.get("/static/short.js");
            clock.advance(Duration.ofSeconds(6));
            assertThat(origin.get("/static/short.js").cacheStatus()).as("explicit freshness beats the default")
                    .isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/feed/rss").cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(origin.get("/feed/rss").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void cacheStatusHeaderCanBeRenamedOrLeftOut() {
        try (ResponseCache renamed = ResponseCache.builder().cacheStatusHeader("X-Edge").build();
                ResponseCache none = ResponseCache.builder().noCacheStatusHeader().build()) {
            Origin a = new Origin(renamed, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));
            Origin b = new Origin(none, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));
            a.get("/x");
            b.get("/x");

            assertThat(a.get("/x").header("X-Edge")).isEqualTo("HIT");
            assertThat(a.get("/x").headers().contains("X-Cache")).isFalse();
            assertThat(b.get("/x").headers().contains("X-Cache")).isFalse();
            assertThat(b.get("/x").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void metricsCountWhatHappened() {
        try (ResponseCache cache = ResponseCache.builder().clock(clock).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));
            origin.get("/m");
            origin.get("/m");
            origin.get("/m");
            origin.send(new CacheRequest("DELETE", "/other", CacheHeaders.empty()));
            origin.answer(Origin.Reply.of(200, "x", "Cache-Control", "no-store"));
            origin.get("/n");

            assertThat(cache.metrics()).isEqualTo(new CacheMetrics(2, 2, 0, 1, 1, 1,
                    cache.metrics().evictions(), cache.metrics().bytes()));
            assertThat(cache.metrics().bytes()).isPositive();
        }
    }

    @Test
    void failingStoreMakesEveryRequestAMissNeverAnError() {
        FailingStore store = new FailingStore();
        try (ResponseCache cache = ResponseCache.builder().store(store).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));

            Origin.Received first = origin.get("/f");
            Origin.Received second = origin.get("/f");

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.cacheStatus()).isEqualTo(CacheStatus.MISS);
            assertThat(second.body()).isEqualTo("x");
            assertThat(store.calls).hasPositiveValue();
            assertThat(cache.metrics().evictions()).isEqualTo(-1);
            assertThat(cache.purge("/f").join()).isZero();
            assertThat(cache.purgePrefix("/")).isCompletedExceptionally();
        }
    }

    @Test
    void failingSharedTierLeavesTheMemoryTierWorking() {
        try (ResponseCache cache = ResponseCache.builder().sharedStore(new FailingStore()).build()) {
            Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));
            origin.get("/f");

            assertThat(origin.get("/f").cacheStatus()).isEqualTo(CacheStatus.HIT);
        }
    }

    @Test
    void sharedTierFillsAnotherInstancesMemoryTier() {
        ResponseCacheStore shared = ResponseCacheStore.memory(1 << 20);
        try (ResponseCache one = ResponseCache.builder().sharedStore(shared).build();
                ResponseCache two = ResponseCache.builder().sharedStore(nonClosing(shared)).build()) {
            new Origin(one, request -> Origin.Reply.of(200, "from one", "Cache-Control", "max-age=60")).get("/s");
            Origin other = new Origin(two, request -> Origin.Reply.of(200, "from two", "Cache-Control",
                    "max-age=60"));

            Origin.Received received = other.get("/s");
            assertThat(received.cacheStatus()).isEqualTo(CacheStatus.HIT);
            assertThat(received.body()).isEqualTo("from one");
            assertThat(other.upstream).isEmpty();
            assertThat(two.metrics().bytes()).as("promoted into the memory tier").isPositive();
        }
    }

    @Test
    void badRequestsBypassAndAClosedCacheBypasses() {
        ResponseCache cache = ResponseCache.builder().build();
        Origin origin = new Origin(cache, request -> Origin.Reply.of(200, "x", "Cache-Control", "max-age=60"));

        assertThat(origin.get("/has space").cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(origin.get("").cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        assertThat(origin.get("/" + "x".repeat(5000)).cacheStatus()).isEqualTo(CacheStatus.BYPASS);
        origin.get("/ok");
        cache.close();
        assertThat(origin.get("/ok").cacheStatus()).isEqualTo(CacheStatus.BYPASS);
    }

    @Test
    void anExchangeEndsOnce() {
        try (ResponseCache cache = ResponseCache.builder().build()) {
            CacheDecision.Forward forward = (CacheDecision.Forward) cache.decide(
                    new CacheRequest("GET", "/once", CacheHeaders.empty())).join();
            forward.admission().onResponse(200, CacheHeaders.empty());

            assertThatThrownBy(() -> forward.admission().onResponse(200, CacheHeaders.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("/once");
            assertThatThrownBy(() -> forward.admission().onError(0)).isInstanceOf(IllegalStateException.class);
        }
    }

    private static ResponseCacheStore nonClosing(ResponseCacheStore store) {
        return new ResponseCacheStore() {
            @Override
            public java.util.concurrent.CompletableFuture<java.util.Optional<byte[]>> get(String key) {
                return store.get(key);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
                return store.put(key, entry, ttl);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> delete(String key) {
                return store.delete(key);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
                return store.deleteByPrefix(keyPrefix);
            }

            @Override
            public String uri() {
                return "memory:shared";
            }

            @Override
            public void close() {
            }
        };
    }
}
