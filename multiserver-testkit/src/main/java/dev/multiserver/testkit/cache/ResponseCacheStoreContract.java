package dev.multiserver.testkit.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.cache.CacheDecision;
import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.CacheRequest;
import dev.multiserver.cache.CacheStatus;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStoreException;
import dev.multiserver.cache.ResponseStart;
import dev.multiserver.testkit.session.StoreServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResponseCacheStore} must do. A store's test extends this class and says how to open it:
 *
 * <pre>{@code
 * class RedisResponseCacheStoreContractIntegrationTest extends ResponseCacheStoreContract {
 *     @RegisterExtension
 *     static final RedisServerExtension redis = new RedisServerExtension();
 *
 *     @Override
 *     protected ResponseCacheStore openStore() { return RedisResponseCacheStore.of(redis.uri()); }
 *
 *     @Override
 *     protected Optional<StoreServer> server() { return Optional.of(StoreServer.of(redis::kill, redis::start)); }
 * }
 * }</pre>
 *
 * <p>Every test uses keys of its own, so one server serves the whole suite. Times to live are real.
 */
public abstract class ResponseCacheStoreContract {

    private static final Duration LONG = Duration.ofMinutes(10);

    private final List<ResponseCacheStore> opened = new ArrayList<>();

    /**
     * Opens a store. Each call is another client of the same data, as another application instance would be (the
     * memory store may return a handle on one shared instance).
     */
    protected abstract ResponseCacheStore openStore();

    /** Stops and starts the store's server for the fault tests; empty for a store without one (memory). */
    protected abstract Optional<StoreServer> server();

    /** Whether the store deletes by prefix; one that cannot must fail deleteByPrefix with a clear message. */
    protected boolean deletesByPrefix() {
        return true;
    }

    /** The longest a call may take when the server is down: the store's timeout plus slack. */
    protected Duration failureBound() {
        return Duration.ofSeconds(5);
    }

    @AfterEach
    final void closeStores() {
        for (ResponseCacheStore store : opened) {
            store.close();
        }
        opened.clear();
    }

    protected final ResponseCacheStore store() {
        ResponseCacheStore store = openStore();
        opened.add(store);
        return store;
    }

    /** A key of this test's own, shaped like the cache's keys (spaces, a path and query). */
    protected static String key() {
        return "v /contract/" + UUID.randomUUID() + "?q=1 n0nce h4sh";
    }

    private static <T> T done(CompletableFuture<T> future) {
        return future.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static byte[] text(String value) {
        return value.getBytes(UTF_8);
    }

    @Test
    void putEntryIsReadBack() {
        ResponseCacheStore store = store();
        String key = key();

        done(store.put(key, text("entry"), LONG));

        assertThat(done(store.get(key))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(text("entry")));
    }

    @Test
    void entryWrittenByOneClientIsReadByAnother() {
        ResponseCacheStore writer = store();
        ResponseCacheStore reader = store();
        String key = key();

        done(writer.put(key, text("shared"), LONG));

        assertThat(done(reader.get(key))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(text("shared")));
    }

    @Test
    void missingKeyIsEmpty() {
        assertThat(done(store().get(key()))).isEmpty();
    }

    @Test
    void putReplacesTheEntry() {
        ResponseCacheStore store = store();
        String key = key();
        done(store.put(key, text("first"), LONG));

        done(store.put(key, text("second, longer"), LONG));

        assertThat(done(store.get(key))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("second, longer")));
    }

    @Test
    void deleteRemovesTheEntryAndAMissingKeyIsFine() {
        ResponseCacheStore store = store();
        String key = key();
        done(store.put(key, text("entry"), LONG));

        done(store.delete(key));
        done(store.delete(key()));

        assertThat(done(store.get(key))).isEmpty();
    }

    @Test
    void everyByteValueSurvives() {
        ResponseCacheStore store = store();
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        String key = key();

        done(store.put(key, all, LONG));

        assertThat(done(store.get(key))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(all));
    }

    @Test
    void oneMebibyteEntrySurvives() {
        ResponseCacheStore store = store();
        byte[] large = new byte[1 << 20];
        new Random(7).nextBytes(large);
        String key = key();

        done(store.put(key, large, LONG));

        assertThat(done(store.get(key))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(large));
    }

    @Test
    void emptyEntrySurvives() {
        ResponseCacheStore store = store();
        String key = key();

        done(store.put(key, new byte[0], LONG));

        assertThat(done(store.get(key))).hasValueSatisfying(bytes -> assertThat(bytes).isEmpty());
    }

    @Test
    void longKeysWithSpacesAndUnicodeAreDistinct() {
        ResponseCacheStore store = store();
        String base = key() + "/" + "x".repeat(4000);
        done(store.put(base + "a", text("a"), LONG));
        done(store.put(base + "b", text("b"), LONG));
        done(store.put(base + "é", text("é"), LONG));

        assertThat(done(store.get(base + "a"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("a")));
        assertThat(done(store.get(base + "b"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("b")));
        assertThat(done(store.get(base + "é"))).hasValueSatisfying(b -> assertThat(b).isEqualTo(text("é")));
    }

    @Test
    void entryExpiresAfterItsTimeToLive() {
        ResponseCacheStore store = store();
        String shortLived = key();
        String longLived = key();
        done(store.put(shortLived, text("short"), Duration.ofSeconds(1)));
        done(store.put(longLived, text("long"), LONG));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> done(store.get(shortLived)).isEmpty());
        assertThat(done(store.get(longLived))).isPresent();
    }

    @Test
    void deleteByPrefixRemovesOnlyMatchingKeysAndCountsThem() {
        ResponseCacheStore store = store();
        String prefix = "v /prefix-" + UUID.randomUUID() + "/";
        done(store.put(prefix + "a 1 h", text("a"), LONG));
        done(store.put(prefix + "b?x=1 2 h", text("b"), LONG));
        String other = prefix.substring(0, prefix.length() - 1) + "-other 3 h";
        done(store.put(other, text("c"), LONG));

        if (!deletesByPrefix()) {
            assertThatThrownBy(() -> done(store.deleteByPrefix(prefix)))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": ");
            return;
        }
        assertThat(done(store.deleteByPrefix(prefix))).isEqualTo(2);

        assertThat(done(store.get(prefix + "a 1 h"))).isEmpty();
        assertThat(done(store.get(prefix + "b?x=1 2 h"))).isEmpty();
        assertThat(done(store.get(other))).isPresent();
        assertThat(done(store.deleteByPrefix(prefix))).isZero();
    }

    @Test
    void closedStoreFailsCallsNamingTheStore() {
        ResponseCacheStore store = openStore();
        String uri = store.uri();
        store.close();

        for (CompletableFuture<?> call : List.of(store.get(key()), store.put(key(), text("x"), LONG),
                store.delete(key()))) {
            assertThatThrownBy(() -> done(call))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageStartingWith(uri + ": ");
        }
    }

    @Test
    void callsFailNamingTheStoreWhileItsServerIsDownAndWorkAgainAfter() {
        StoreServer server = server().orElse(null);
        assumeThat(server).as("the store has no server").isNotNull();
        ResponseCacheStore store = store();
        done(store.put(key(), text("before"), LONG));

        server.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> done(store.get(key())))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": ");
            assertThatThrownBy(() -> done(store.put(key(), text("x"), LONG)))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ResponseCacheStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": ");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(failureBound().multipliedBy(2));
        } finally {
            server.start();
        }

        String after = key();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            done(store.put(after, text("after"), LONG));
            assertThat(done(store.get(after))).isPresent();
        });
    }

    @Test
    void responseCachedByOneInstanceIsAHitOnAnotherThroughTheSharedTier() {
        String target = "/contract/" + UUID.randomUUID();
        try (ResponseCache one = ResponseCache.builder().sharedStore(openStore()).build();
                ResponseCache two = ResponseCache.builder().sharedStore(openStore()).build()) {
            CacheDecision.Forward forward = (CacheDecision.Forward) done(one.decide(get(target)));
            ResponseStart start = forward.admission().onResponse(200,
                    CacheHeaders.of("Cache-Control", "max-age=600", "Content-Type", "text/plain"));
            start.recorder().orElseThrow().append(ByteBuffer.wrap(text("shared body")));
            start.recorder().orElseThrow().complete();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                CacheDecision decision = done(two.decide(get(target)));
                assertThat(decision.status()).isEqualTo(CacheStatus.HIT);
                assertThat(((CacheDecision.Serve) decision).response().body()).isEqualTo(text("shared body"));
            });
        }
    }

    private static CacheRequest get(String target) {
        return new CacheRequest("GET", target, CacheHeaders.of("Host", "contract.example"));
    }
}
