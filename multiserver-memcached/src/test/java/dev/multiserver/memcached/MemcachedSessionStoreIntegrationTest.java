package dev.multiserver.memcached;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStores;
import dev.multiserver.session.StoredSession;
import dev.multiserver.testkit.MemcachedServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedSessionStoreIntegrationTest {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private final List<SessionStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(SessionStore::close);
    }

    private <S extends SessionStore> S opened(S store) {
        opened.add(store);
        return store;
    }

    private MemcachedSessionStore store() {
        return opened(MemcachedSessionStore.of(memcached.uri()));
    }

    private RawMemcached raw() {
        return new RawMemcached(memcached.port());
    }

    private static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void sessionIsOneReadableJsonItemUnderTheNamespacedKey() throws Exception {
        SessionStore store = opened(MemcachedSessionStore.builder(memcached.uri()).namespace("shop").build());
        String id = newId();
        Instant created = now();
        store.save(SessionChanges.create(id, created, HALF_HOUR).set("user", "\"ada\"").set("n", "1"));

        byte[] item = raw().get("shop:session:" + id).orElseThrow();
        JsonNode document = new JsonMapper().readTree(new String(item, UTF_8));

        assertThat(document.get("id").textValue()).isEqualTo(id);
        assertThat(document.get("created").longValue()).isEqualTo(created.toEpochMilli());
        assertThat(document.get("accessed").longValue()).isEqualTo(created.toEpochMilli());
        assertThat(document.get("maxInactive").longValue()).isEqualTo(HALF_HOUR.toMillis());
        assertThat(document.get("attributes").get("user").textValue()).isEqualTo("\"ada\"");
        assertThat(document.get("attributes").get("n").textValue()).isEqualTo("1");
        assertThat(raw().get("multiserver:session:" + id)).isEmpty();
    }

    @Test
    void namespacesKeepApplicationsApart() {
        SessionStore shop = opened(MemcachedSessionStore.builder(memcached.uri()).namespace("shop").build());
        SessionStore blog = opened(MemcachedSessionStore.builder(memcached.uri()).namespace("blog").build());
        String id = newId();
        shop.save(SessionChanges.create(id, now(), HALF_HOUR).set("app", "\"shop\""));

        assertThat(blog.load(id)).isEmpty();
        assertThat(shop.load(id)).isPresent();
    }

    @Test
    void opensFromItsUriThroughSessionStoresWithTheGivenOptions() {
        SessionStore store = opened(SessionStores.open(memcached.uri(),
                SessionStoreOptions.defaults().withNamespace("viaUri")));
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));

        assertThat(store).isInstanceOf(MemcachedSessionStore.class);
        assertThat(store.uri()).isEqualTo(memcached.uri());
        assertThat(raw().get("viaUri:session:" + id)).isPresent();
    }

    @Test
    void foreignItemIsLoggedOnceNamingTheStoreAndKey() {
        SessionStore store = store();
        String id = newId();
        String key = "multiserver:session:" + id;
        raw().set(key, "{\"someone\":\"else\"}".getBytes(UTF_8));
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, UTF_8));
        try {
            assertThat(store.load(id)).isEmpty();
            assertThat(store.load(id)).isEmpty();
            assertThat(store.save(SessionChanges.update(new StoredSession(id, now(), now(), HALF_HOUR, Map.of()),
                    now()).set("a", "1"))).isFalse();
        } finally {
            System.setErr(originalErr);
        }

        String shownKey = "multiserver:session:" + SessionIds.abbreviate(id);
        List<String> warnings = captured.toString(UTF_8).lines().filter(line -> line.contains(shownKey)).toList();
        assertThat(warnings).singleElement().asString()
                .contains("WARN")
                .contains(store.uri() + ": the item under key '" + shownKey + "' (18 bytes) is not a session this "
                        + "store wrote")
                .doesNotContain(id);
        assertThat(raw().get(key)).hasValueSatisfying(item -> assertThat(new String(item, UTF_8))
                .isEqualTo("{\"someone\":\"else\"}"));
    }

    @Test
    void newSessionLargerThanTheItemSizeLimitFailsNamingItsSizeAndTheLimitAndWritesNothing() {
        SessionStore store = store();
        String id = newId();
        SessionChanges changes = SessionChanges.create(id, now(), HALF_HOUR)
                .set("large", "\"" + "x".repeat(1024 * 1024) + "\"");
        int size = SessionDocument.encode(changes.applyTo(Optional.empty())).length;

        assertThatThrownBy(() -> store.save(changes))
                .isInstanceOf(SessionStoreException.class)
                .hasMessage(store.uri() + ": save of session " + SessionIds.abbreviate(id) + ": the session is " + size + " bytes as JSON, "
                        + "too large for memcached: the item size limit is 1048576 bytes, of which 108 go to the "
                        + "key and memcached's item header; nothing was written. Keep less in the session, or raise "
                        + "memcached's -I and the store's maxItemSize");

        assertThat(store.load(id)).isEmpty();
        assertThat(raw().get("multiserver:session:" + id)).isEmpty();
    }

    @Test
    void sessionJustWithinTheItemSizeLimitIsStored() {
        SessionStore store = store();
        String id = newId();
        SessionChanges empty = SessionChanges.create(id, now(), HALF_HOUR).set("large", "\"\"");
        int room = 1024 * 1024 - 108 - SessionDocument.encode(empty.applyTo(Optional.empty())).length;
        String large = "\"" + "x".repeat(room) + "\"";

        store.save(empty.set("large", large));

        assertThat(store.load(id).orElseThrow().attributes().get("large")).isEqualTo(large);
    }

    @Test
    void changesThatMakeASessionTooLargeFailAndLeaveItAsItWas() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
        StoredSession before = store.load(id).orElseThrow();
        SessionChanges changes = SessionChanges.update(before, now())
                .set("large", "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        int size = SessionDocument.encode(changes.applyTo(Optional.of(before))).length;

        assertThatThrownBy(() -> store.save(changes))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": save of session " + SessionIds.abbreviate(id) + ": the session is " + size
                        + " bytes as JSON, too large for memcached");

        assertThat(store.load(id)).contains(before);
    }

    @Test
    void sessionTheServerRefusesAsTooLargeFailsTheSameWay() {
        // the store believes the server takes 4 MiB items; the test server keeps its default of 1 MiB
        SessionStore store = opened(MemcachedSessionStore.builder(memcached.uri()).maxItemSize(4 * 1024 * 1024)
                .build());
        String id = newId();
        SessionChanges changes = SessionChanges.create(id, now(), HALF_HOUR)
                .set("large", "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        int size = SessionDocument.encode(changes.applyTo(Optional.empty())).length;

        assertThatThrownBy(() -> store.save(changes))
                .isInstanceOf(SessionStoreException.class)
                .hasMessage(store.uri() + ": save of session " + SessionIds.abbreviate(id) + ": the session is " + size + " bytes as JSON, "
                        + "too large for memcached: memcached refused it as larger than its item size limit (its -I "
                        + "is smaller than this store's maxItemSize of 4194304 bytes); nothing was written. Keep "
                        + "less in the session, or raise memcached's -I and the store's maxItemSize");

        assertThat(store.load(id)).isEmpty();
        String next = newId();
        store.save(SessionChanges.create(next, now(), HALF_HOUR).set("a", "1"));
        assertThat(store.load(next)).isPresent();
    }

    @Test
    void sessionLivingLongerThanThirtyDaysIsKept() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), Duration.ofDays(60)).set("a", "1"));

        assertThat(store.load(id)).hasValueSatisfying(
                session -> assertThat(session.maxInactiveInterval()).isEqualTo(Duration.ofDays(60)));
        assertThat(raw().get("multiserver:session:" + id)).isPresent();
    }

    @Test
    void idsThatCannotBeMemcachedKeysLoadNothingAndCannotBeSaved() {
        SessionStore store = store();
        String tooLong = "x".repeat(250);

        assertThat(store.load("has space")).isEmpty();
        assertThat(store.load("")).isEmpty();
        assertThat(store.load(tooLong)).isEmpty();
        assertThat(store.load("new\nline")).isEmpty();
        assertThat(store.changeId("has space", newId())).isFalse();
        store.delete("has space");
        assertThatThrownBy(() -> store.save(SessionChanges.create("has space", now(), HALF_HOUR)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session id 'has space' (expected: 1 to 230 printable ASCII characters without spaces)");
    }

    @Test
    void changeIdToAnIdInUseFailsAndKeepsBothSessions() {
        SessionStore store = store();
        String first = newId();
        String second = newId();
        store.save(SessionChanges.create(first, now(), HALF_HOUR).set("who", "\"first\""));
        store.save(SessionChanges.create(second, now(), HALF_HOUR).set("who", "\"second\""));

        assertThatThrownBy(() -> store.changeId(first, second))
                .isInstanceOf(SessionStoreException.class)
                .hasMessage(store.uri() + ": change of session id " + SessionIds.abbreviate(first) + " to "
                        + SessionIds.abbreviate(second) + ": a session with id " + SessionIds.abbreviate(second)
                        + " already exists");

        assertThat(store.load(first).orElseThrow().attributes()).containsEntry("who", "\"first\"");
        assertThat(store.load(second).orElseThrow().attributes()).containsEntry("who", "\"second\"");
    }

    @Test
    void withoutRetriesOvertakenSavesFailNamingTheConflictAndTheOthersAllPersist() throws Exception {
        SessionStore store = opened(MemcachedSessionStore.builder(memcached.uri()).maxCasRetries(0).build());
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));
        int writers = 8;
        int writesEach = 25;
        List<String> persisted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "writer" + w;
                Callable<Void> task = () -> {
                    start.await();
                    for (int i = 0; i < writesEach; i++) {
                        String name = writer + "-" + i;
                        try {
                            store.save(SessionChanges.update(store.load(id).orElseThrow(), now()).set(name, "1"));
                            persisted.add(name);
                        } catch (SessionStoreException e) {
                            failures.add(e.getMessage());
                        }
                    }
                    return null;
                };
                done.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).isNotEmpty().allSatisfy(message -> assertThat(message).isEqualTo(store.uri()
                + ": save of session " + SessionIds.abbreviate(id) + ": gave up after 1 attempt, each overtaken by another write of the "
                + "session (maxCasRetries: 0)"));
        assertThat(store.load(id).orElseThrow().attributes().keySet())
                .containsExactlyInAnyOrderElementsOf(persisted);
    }

    @Test
    void storeOpenedWhileTheServerIsDownWorksOnceItIsUp() {
        memcached.kill();
        long started = System.nanoTime();
        SessionStore store = opened(MemcachedSessionStore.builder(memcached.uri()).timeout(Duration.ofMillis(500))
                .build());
        String id = newId();

        assertThatThrownBy(() -> store.load(id))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": load of session " + SessionIds.abbreviate(id) + " failed: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));

        memcached.start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
            assertThat(store.load(id)).isPresent();
        });
    }

    @Test
    void callsFailAtOnceWhileTheServerIsDown() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));
        memcached.kill();

        // the first call may still find the connection open; later ones know it is gone
        assertThatThrownBy(() -> store.load(id)).isInstanceOf(SessionStoreException.class);
        long started = System.nanoTime();
        assertThatThrownBy(() -> store.save(SessionChanges.create(newId(), now(), HALF_HOUR)))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": save of session ");
        assertThatThrownBy(() -> store.delete(id))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": delete of session " + SessionIds.abbreviate(id) + " failed: ");

        // well below the timeout of 2 s that a call waiting for an answer would take
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    }
}
