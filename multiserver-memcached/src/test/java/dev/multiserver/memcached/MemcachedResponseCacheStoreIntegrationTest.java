package dev.multiserver.memcached;

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
import dev.multiserver.cache.ResponseStart;
import dev.multiserver.cache.ResponseCacheStoreException;
import dev.multiserver.cache.ResponseCacheStoreOptions;
import dev.multiserver.cache.ResponseCacheStores;
import dev.multiserver.testkit.MemcachedServerExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One server with memcached's default 1 MiB item limit; each test has a namespace of its own. */
class MemcachedResponseCacheStoreIntegrationTest {

    private static final Duration LONG = Duration.ofMinutes(10);

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    private final String namespace = "t" + UUID.randomUUID().toString().substring(0, 8);

    private static <T> T done(CompletableFuture<T> future) {
        return future.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static byte[] text(String value) {
        return value.getBytes(UTF_8);
    }

    private MemcachedResponseCacheStore open() {
        return MemcachedResponseCacheStore.builder(memcached.uri()).namespace(namespace).build();
    }

    @Test
    void purgeOfEverythingHidesEveryEntryFromEveryClientAndLaterEntriesAreKept() {
        try (ResponseCacheStore one = open(); ResponseCacheStore two = open()) {
            done(one.put("v /a", text("a"), LONG));
            done(two.put("v /b", text("b"), LONG));
            assertThat(done(two.get("v /a"))).isPresent();

            assertThat(done(one.deleteByPrefix(""))).isZero();

            assertThat(done(two.get("v /a"))).isEmpty();
            assertThat(done(one.get("v /b"))).isEmpty();
            done(two.put("v /c", text("c"), LONG));
            assertThat(done(one.get("v /c"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("c")));
        }
    }

    @Test
    void otherNamespacesSurviveAPurge() {
        try (ResponseCacheStore mine = open();
                ResponseCacheStore other = MemcachedResponseCacheStore.builder(memcached.uri())
                        .namespace(namespace + "-other").build()) {
            done(mine.put("v /a", text("mine"), LONG));
            done(other.put("v /a", text("other"), LONG));

            done(mine.deleteByPrefix(""));

            assertThat(done(mine.get("v /a"))).isEmpty();
            assertThat(done(other.get("v /a"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("other")));
        }
    }

    @Test
    void prefixOtherThanEmptyFailsSayingWhy() {
        try (ResponseCacheStore store = open()) {
            done(store.put("v /a", text("a"), LONG));

            assertThatThrownBy(() -> done(store.deleteByPrefix("v /")))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessage(memcached.uri() + ": delete by prefix 'v /': memcached cannot list its keys, so this "
                            + "store deletes by the empty prefix only (a purge of everything); delete entries by key "
                            + "instead");
            assertThat(done(store.get("v /a"))).isPresent();
        }
    }

    @Test
    void entryIsUnderAHashedKeyAndAnotherKeysItemThereIsNotServed() {
        CacheKeys keys = new CacheKeys(namespace);
        RawMemcached raw = new RawMemcached(memcached.port());
        try (ResponseCacheStore store = open()) {
            done(store.put("v /original", text("original"), LONG));
            byte[] item = raw.get(keys.of("v /original")).orElseThrow();
            assertThat(keys.of("v /original")).startsWith(namespace + ":cache:").hasSize(namespace.length() + 7 + 43);

            // as if another key hashed to the same memcached key
            raw.set(keys.of("v /colliding"), item);

            assertThat(done(store.get("v /colliding"))).isEmpty();
            assertThat(done(store.get("v /original"))).isPresent();
        }
    }

    @Test
    void lostGenerationHidesOlderEntries() {
        RawMemcached raw = new RawMemcached(memcached.port());
        try (ResponseCacheStore store = open()) {
            done(store.put("v /a", text("a"), LONG));

            // memcached evicted the generation and another instance started a new one
            raw.set(namespace + ":cache:generation", text("12345"));

            assertThat(done(store.get("v /a"))).isEmpty();
            done(store.put("v /a", text("again"), LONG));
            assertThat(done(store.get("v /a"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("again")));
        }
    }

    @Test
    void foreignItemsReadAsEmpty() {
        RawMemcached raw = new RawMemcached(memcached.port());
        CacheKeys keys = new CacheKeys(namespace);
        try (ResponseCacheStore store = open()) {
            done(store.put("v /seed", text("x"), LONG));
            raw.set(keys.of("v /short"), new byte[] {1, 2});
            raw.set(keys.of("v /text"), text("not an entry \u0000\u00ff"));

            assertThat(done(store.get("v /short"))).isEmpty();
            assertThat(done(store.get("v /text"))).isEmpty();
        }
    }

    @Test
    void entryOverTheItemSizeLimitIsRefusedAndNothingIsWritten() {
        String key = "v /large-" + UUID.randomUUID();
        try (ResponseCacheStore store = open()) {
            done(store.put(key, text("small"), LONG));

            assertThatThrownBy(() -> done(store.put(key, new byte[1 << 20], LONG)))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageStartingWith(memcached.uri() + ": put of 'v /large-")
                    .hasMessageContaining("the entry is 1048576 bytes, too large for memcached: the item size limit "
                            + "is 1048576 bytes; nothing was written");
            assertThat(done(store.get(key))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("small")));
        }
    }

    @Test
    void serverWithASmallerLimitThanConfiguredRefusesTheEntryNamingBoth() {
        String key = "v /larger-" + UUID.randomUUID();
        try (ResponseCacheStore store = MemcachedResponseCacheStore.builder(memcached.uri()).namespace(namespace)
                .maxItemSize(4 << 20).build()) {
            assertThatThrownBy(() -> done(store.put(key, new byte[2 << 20], LONG)))
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageContaining("memcached refused it as larger than its item size limit (its -I is "
                            + "smaller than this store's maxItemSize of 4194304)");
            assertThat(done(store.get(key))).isEmpty();
        }
    }

    @Test
    void opensThroughResponseCacheStoresWithTheOptions() {
        RawMemcached raw = new RawMemcached(memcached.port());
        try (ResponseCacheStore store = ResponseCacheStores.open(memcached.uri(),
                ResponseCacheStoreOptions.defaults().withNamespace(namespace))) {
            assertThat(store).isInstanceOf(MemcachedResponseCacheStore.class);
            assertThat(store.uri()).isEqualTo(memcached.uri());

            done(store.put("v /opened", text("x"), LONG));

            assertThat(raw.get(new CacheKeys(namespace).of("v /opened"))).isPresent();
        }
    }

    @Test
    void malformedUriAndSettingsAreRefusedNamingWhatIsWrong() {
        assertThatThrownBy(() -> MemcachedResponseCacheStore.of("memcached://m1:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("memcached response cache store 'memcached://m1:0': 'm1:0' has an invalid "
                        + "port '0'");
        assertThatThrownBy(() -> MemcachedResponseCacheStore.builder(memcached.uri()).maxItemSize(10))
                .hasMessage("maxItemSize: 10 (expected: 1024 to 1073741824)");
        assertThatThrownBy(() -> MemcachedResponseCacheStore.builder(memcached.uri()).timeout(Duration.ZERO))
                .hasMessage("timeout: PT0S (expected: > 0)");
    }

    @Test
    void purgeOfOneTargetOnAnyInstanceHidesItFromInstancesThatComeAfterThoughMemcachedCannotListKeys() {
        String target = "/purged/" + UUID.randomUUID();
        CacheRequest request = new CacheRequest("GET", target, CacheHeaders.of("Host", "shop.example"));
        try (ResponseCache storing = ResponseCache.builder().sharedStore(MemcachedResponseCacheStore.of(memcached.uri()))
                .build();
                ResponseCache purging = ResponseCache.builder()
                        .sharedStore(MemcachedResponseCacheStore.of(memcached.uri())).build();
                ResponseCache later = ResponseCache.builder()
                        .sharedStore(MemcachedResponseCacheStore.of(memcached.uri())).build()) {
            CacheDecision first = done(storing.decide(request));
            ResponseStart start = ((CacheDecision.Forward) first).admission().onResponse(200,
                    CacheHeaders.of("Cache-Control", "max-age=600"));
            start.recorder().orElseThrow().append(ByteBuffer.wrap(text("stored")));
            start.recorder().orElseThrow().complete();
            // the shared tier is written after the body completes, asynchronously
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(done(purging.decide(request)).status()).as("shared before the purge")
                            .isEqualTo(CacheStatus.HIT));

            done(purging.purge(target));

            assertThat(done(later.decide(request)).status()).isEqualTo(CacheStatus.MISS);
        }
    }
}
