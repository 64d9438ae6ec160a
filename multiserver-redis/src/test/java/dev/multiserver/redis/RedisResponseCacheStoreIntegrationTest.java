package dev.multiserver.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.cache.CacheDecision;
import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.CacheRequest;
import dev.multiserver.cache.CacheStatus;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStoreException;
import dev.multiserver.cache.ResponseCacheStoreOptions;
import dev.multiserver.cache.ResponseCacheStores;
import dev.multiserver.cache.ResponseStart;
import dev.multiserver.testkit.RedisServerExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisResponseCacheStoreIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static <T> T done(CompletableFuture<T> future) {
        return future.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static byte[] text(String value) {
        return value.getBytes(UTF_8);
    }

    @Test
    void entryIsAStringUnderTheNamespaceThatRedisExpires() {
        String key = "v /layout/" + UUID.randomUUID() + " 1 h";
        try (ResponseCacheStore store = RedisResponseCacheStore.builder(redis.uri()).namespace("shop").build();
                RawRedis raw = RawRedis.connect(redis.uri())) {
            done(store.put(key, text("entry"), Duration.ofSeconds(90)));

            assertThat(raw.commands().get("shop:cache:" + key)).isEqualTo("entry");
            assertThat(raw.commands().pttl("shop:cache:" + key)).isBetween(80_000L, 90_000L);
            assertThat(raw.commands().exists("multiserver:cache:" + key)).isZero();
        }
    }

    @Test
    void deleteByPrefixTakesGlobCharactersLiterally() {
        String base = "v /glob-" + UUID.randomUUID() + "/";
        List<String> keys = List.of(base + "a?b=1 x", base + "aXb=1 x", base + "a*c", base + "a-c", base + "a[b]",
                base + "ab]", base + "a\\d", base + "a/d");
        try (ResponseCacheStore store = RedisResponseCacheStore.of(redis.uri())) {
            for (String key : keys) {
                done(store.put(key, text(key), Duration.ofMinutes(5)));
            }

            assertThat(done(store.deleteByPrefix(base + "a?b"))).isEqualTo(1);
            assertThat(done(store.deleteByPrefix(base + "a*"))).isEqualTo(1);
            assertThat(done(store.deleteByPrefix(base + "a["))).isEqualTo(1);
            assertThat(done(store.deleteByPrefix(base + "a\\"))).isEqualTo(1);

            List<String> left = new ArrayList<>();
            for (String key : keys) {
                if (done(store.get(key)).isPresent()) {
                    left.add(key);
                }
            }
            assertThat(left).containsExactly(base + "aXb=1 x", base + "a-c", base + "ab]", base + "a/d");
        }
    }

    @Test
    void deleteByPrefixWalksEveryPageOfTheScan() {
        String prefix = "v /many-" + UUID.randomUUID() + "/";
        try (ResponseCacheStore store = RedisResponseCacheStore.of(redis.uri())) {
            List<CompletableFuture<Void>> puts = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                puts.add(store.put(prefix + i, text("e"), Duration.ofMinutes(5)));
            }
            done(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));

            assertThat(done(store.deleteByPrefix(prefix))).isEqualTo(2500);
            assertThat(done(store.get(prefix + 1234))).isEmpty();
        }
    }

    @Test
    void callToAFrozenServerFailsAfterTheTimeoutNamingTheStoreAndWorksAfter() {
        String key = "v /frozen-" + UUID.randomUUID();
        try (ResponseCacheStore store = RedisResponseCacheStore.builder(redis.uri())
                .timeout(Duration.ofMillis(300)).build()) {
            done(store.put(key, text("before"), Duration.ofMinutes(5)));
            redis.pause();
            try {
                long started = System.nanoTime();
                assertThatThrownBy(() -> done(store.get(key)))
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(ResponseCacheStoreException.class)
                        .hasMessageStartingWith(redis.uri() + ": get of 'v /frozen-")
                        .hasMessageEndingWith("failed: timed out after 300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            } finally {
                redis.resume();
            }
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> done(store.get(key)).isPresent());
        }
    }

    @Test
    void opensThroughResponseCacheStoresWithTheOptions() {
        String key = "v /opened-" + UUID.randomUUID();
        try (ResponseCacheStore store = ResponseCacheStores.open(redis.uri(),
                ResponseCacheStoreOptions.defaults().withNamespace("opened"));
                RawRedis raw = RawRedis.connect(redis.uri())) {
            assertThat(store).isInstanceOf(RedisResponseCacheStore.class);
            assertThat(store.uri()).isEqualTo(redis.uri());

            done(store.put(key, text("x"), Duration.ofMinutes(1)));

            assertThat(raw.commands().get("opened:cache:" + key)).isEqualTo("x");
        }
    }

    @Test
    void secondInstanceHitsWhatTheFirstStoredAndTheEntryIsInRedis() {
        String target = "/shared/" + UUID.randomUUID();
        CacheRequest request = new CacheRequest("GET", target, CacheHeaders.of("Host", "shop.example"));
        try (ResponseCache one = ResponseCache.builder().sharedStore(RedisResponseCacheStore.of(redis.uri())).build();
                ResponseCache two = ResponseCache.builder().sharedStore(RedisResponseCacheStore.of(redis.uri()))
                        .build();
                RawRedis raw = RawRedis.connect(redis.uri())) {
            assertThat(done(two.decide(request)).status()).isEqualTo(CacheStatus.MISS);
            CacheDecision first = done(one.decide(request));
            assertThat(first.status()).isEqualTo(CacheStatus.MISS);
            ResponseStart start = ((CacheDecision.Forward) first).admission().onResponse(200,
                    CacheHeaders.of("Cache-Control", "max-age=600", "Content-Type", "text/plain"));
            start.recorder().orElseThrow().append(ByteBuffer.wrap(text("from instance one")));
            start.recorder().orElseThrow().complete();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                CacheDecision decision = done(two.decide(request));
                assertThat(decision.status()).isEqualTo(CacheStatus.HIT);
                assertThat(((CacheDecision.Serve) decision).response().body()).isEqualTo(text("from instance one"));
            });
            assertThat(raw.commands().keys("multiserver:cache:v " + target + "*")).hasSize(1);
        }
    }
}
