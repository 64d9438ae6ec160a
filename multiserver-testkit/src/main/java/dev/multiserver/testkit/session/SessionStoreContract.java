package dev.multiserver.testkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.StoredSession;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do. A store's test extends this class and says how to open the store
 * (twice, as two application instances would) and how to reach under it:
 *
 * <pre>{@code
 * class RedisSessionStoreContractIntegrationTest extends SessionStoreContract {
 *     @RegisterExtension
 *     static final RedisServerExtension redis = new RedisServerExtension();
 *
 *     @Override
 *     protected SessionStore openStore() {
 *         return RedisSessionStore.of(redis.uri());
 *     }
 *
 *     @Override
 *     protected void writeForeignData(String id) { ... SET multiserver:session:ID "not a session" ... }
 *
 *     @Override
 *     protected StoreServer server() { return StoreServer.of(redis::kill, redis::start); }
 * }
 * }</pre>
 *
 * <p>Times are real: a session about to expire is made by saving it with an access time in the past.
 */
public abstract class SessionStoreContract {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private final List<SessionStore> opened = new ArrayList<>();

    /**
     * Opens a store. Each call is another client of the same data, as another application instance would be
     * (the memory store returns the same instance).
     */
    protected abstract SessionStore openStore();

    /**
     * Writes something that is not a session under the key of session {@code id}, as another program sharing the
     * server might; returns {@code false} when the store has no such thing (memory).
     */
    protected abstract boolean writeForeignData(String id);

    /** Stops and starts the store's server for the fault tests; empty for a store without a server (memory). */
    protected abstract java.util.Optional<StoreServer> server();

    /** The longest a call may take when the server is down: the store's timeout plus slack. */
    protected Duration failureBound() {
        return Duration.ofSeconds(5);
    }

    @AfterEach
    final void closeStores() {
        for (SessionStore store : opened) {
            store.close();
        }
        opened.clear();
    }

    protected final SessionStore store() {
        SessionStore store = openStore();
        opened.add(store);
        return store;
    }

    protected static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant now() {
        // stores keep milliseconds
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void loadsNothingForAnUnknownId() {
        assertThat(store().load(newId())).isEmpty();
    }

    @Test
    void newSessionReadsBackWithItsMetadataAndAttributes() {
        SessionStore store = store();
        String id = newId();
        Instant now = now();
        store.save(SessionChanges.create(id, now, HALF_HOUR)
                .set("user", "\"ada\"")
                .set("cart", "{\"@type\":\"set\",\"value\":[1,2]}")
                .set("dotted.name", "1")
                .set("$dollar", "2")
                .set("ünïcødé ✓", "\"ok\"")
                .set("with space:and:colons", "true"));

        StoredSession loaded = store().load(id).orElseThrow();

        assertThat(loaded.id()).isEqualTo(id);
        assertThat(loaded.createdAt()).isEqualTo(now);
        assertThat(loaded.lastAccessedAt()).isEqualTo(now);
        assertThat(loaded.maxInactiveInterval()).isEqualTo(HALF_HOUR);
        assertThat(loaded.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user", "\"ada\"",
                "cart", "{\"@type\":\"set\",\"value\":[1,2]}",
                "dotted.name", "1",
                "$dollar", "2",
                "ünïcødé ✓", "\"ok\"",
                "with space:and:colons", "true"));
    }

    @Test
    void sessionWithoutAttributesExists() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));

        assertThat(store.load(id)).hasValueSatisfying(session -> assertThat(session.attributes()).isEmpty());
    }

    @Test
    void updateWritesOnlyWhatChangedAndKeepsTheRest() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1").set("b", "2").set("c", "3"));
        StoredSession before = store.load(id).orElseThrow();

        Instant later = before.lastAccessedAt().plusSeconds(5);
        assertThat(store().save(SessionChanges.update(before, later).set("b", "20").remove("c").set("d", "4")))
                .isTrue();

        StoredSession after = store.load(id).orElseThrow();
        assertThat(after.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "20", "d", "4"));
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.lastAccessedAt()).isEqualTo(later);
    }

    @Test
    void removingAnAttributeThatIsNotThereDoesNothing() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));

        assertThat(store.save(SessionChanges.update(store.load(id).orElseThrow(), now()).remove("missing"))).isTrue();

        assertThat(store.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void maxInactiveIntervalChangeIsKept() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR));

        store.save(SessionChanges.update(store.load(id).orElseThrow(), now())
                .withMaxInactiveInterval(Duration.ofHours(2)));

        assertThat(store.load(id).orElseThrow().maxInactiveInterval()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void changesToASessionThatNoLongerExistsAreDropped() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
        StoredSession loaded = store.load(id).orElseThrow();
        store().delete(id);

        assertThat(store.save(SessionChanges.update(loaded, now()).set("b", "2"))).isFalse();

        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void newSessionReplacesWhateverWasStoredUnderItsId() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("old", "1"));

        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("new", "2"));

        assertThat(store.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("new", "2"));
    }

    @Test
    void deleteRemovesTheSessionAndIgnoresUnknownIds() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));

        store.delete(id);
        store.delete(newId());

        assertThat(store().load(id)).isEmpty();
    }

    @Test
    void changeIdMovesTheSessionAndTheOldIdLoadsNothing() {
        SessionStore store = store();
        String oldId = newId();
        String newId = newId();
        Instant created = now();
        store.save(SessionChanges.create(oldId, created, HALF_HOUR).set("user", "\"ada\""));

        assertThat(store.changeId(oldId, newId)).isTrue();

        SessionStore other = store();
        assertThat(other.load(oldId)).isEmpty();
        StoredSession moved = other.load(newId).orElseThrow();
        assertThat(moved.id()).isEqualTo(newId);
        assertThat(moved.createdAt()).isEqualTo(created);
        assertThat(moved.maxInactiveInterval()).isEqualTo(HALF_HOUR);
        assertThat(moved.attributes()).containsExactlyEntriesOf(Map.of("user", "\"ada\""));
    }

    @Test
    void changeIdOfAnUnknownSessionIsFalse() {
        String newId = newId();
        assertThat(store().changeId(newId(), newId)).isFalse();
        assertThat(store().load(newId)).isEmpty();
    }

    @Test
    void concurrentWritesOfDifferentAttributesAllPersist() throws Exception {
        SessionStore first = store();
        SessionStore second = store();
        String id = newId();
        first.save(SessionChanges.create(id, now(), HALF_HOUR));
        int writers = 8;
        int writesEach = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SessionStore store = w % 2 == 0 ? first : second;
                String writer = "writer" + w;
                Callable<Void> task = () -> {
                    start.await();
                    for (int i = 0; i < writesEach; i++) {
                        StoredSession seen = store.load(id).orElseThrow();
                        store.save(SessionChanges.update(seen, now()).set(writer + "-" + i, Integer.toString(i)));
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

        Map<String, String> expected = new HashMap<>();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < writesEach; i++) {
                expected.put("writer" + w + "-" + i, Integer.toString(i));
            }
        }
        assertThat(first.load(id).orElseThrow().attributes()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void sameAttributeWrittenTwiceKeepsTheLastWrite() {
        SessionStore first = store();
        SessionStore second = store();
        String id = newId();
        first.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "0"));
        StoredSession seenByFirst = first.load(id).orElseThrow();
        StoredSession seenBySecond = second.load(id).orElseThrow();

        first.save(SessionChanges.update(seenByFirst, now()).set("a", "1"));
        second.save(SessionChanges.update(seenBySecond, now()).set("a", "2"));

        assertThat(first.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("a", "2"));
    }

    @Test
    void sessionExpiresAfterItsMaxInactiveInterval() {
        SessionStore store = store();
        String id = newId();
        Duration interval = Duration.ofMinutes(1);
        store.save(SessionChanges.create(id, now().minus(interval).plusSeconds(1), interval).set("a", "1"));
        assertThat(store.load(id)).isPresent();

        await().atMost(Duration.ofSeconds(10)).until(() -> store.load(id).isEmpty());
        assertThat(store.save(SessionChanges.update(
                new StoredSession(id, now(), now(), interval, Map.of()), now()).set("b", "2"))).isFalse();
        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void sessionSavedAlreadyExpiredIsNotLoaded() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now().minus(Duration.ofHours(2)), Duration.ofHours(1)));

        assertThat(store.load(id)).isEmpty();
    }

    @Test
    void accessMovesTheExpiry() {
        SessionStore store = store();
        String id = newId();
        Duration interval = Duration.ofMinutes(1);
        store.save(SessionChanges.create(id, now().minus(interval).plusSeconds(2), interval));

        store.save(SessionChanges.update(store.load(id).orElseThrow(), now()));

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> store.load(id).isPresent());
    }

    @Test
    void sessionThatNeverExpiresHasNoExpiry() {
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now().minus(Duration.ofDays(400)), Duration.ZERO).set("a", "1"));

        StoredSession loaded = store.load(id).orElseThrow();
        assertThat(loaded.expiresAt()).isEmpty();
        assertThat(loaded.maxInactiveInterval()).isEqualTo(Duration.ZERO);
    }

    @Test
    void largeValuesAndManyAttributesReadBack() {
        SessionStore store = store();
        String id = newId();
        String large = "\"" + "x".repeat(200_000) + "\"";
        SessionChanges changes = SessionChanges.create(id, now(), HALF_HOUR).set("large", large);
        for (int i = 0; i < 200; i++) {
            changes = changes.set("attribute" + i, Integer.toString(i));
        }
        store.save(changes);

        Map<String, String> attributes = store.load(id).orElseThrow().attributes();
        assertThat(attributes).hasSize(201).containsEntry("large", large).containsEntry("attribute199", "199");
    }

    @Test
    void foreignDataUnderASessionKeyLoadsAsNoSessionAndCanBeReplaced() {
        String id = newId();
        assumeThat(writeForeignData(id)).as("the store has no foreign data").isTrue();
        SessionStore store = store();

        assertThat(store.load(id)).isEmpty();
        assertThat(store.save(SessionChanges.update(
                new StoredSession(id, now(), now(), HALF_HOUR, Map.of()), now()).set("a", "1"))).isFalse();

        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
        assertThat(store.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("a", "1"));
    }

    @Test
    void callsFailNamingTheStoreWhileItsServerIsDownAndWorkAgainAfter() {
        StoreServer server = server().orElse(null);
        assumeThat(server).as("the store has no server").isNotNull();
        SessionStore store = store();
        String id = newId();
        store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));

        server.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> store.load(id))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": ");
            assertThatThrownBy(() -> store.save(SessionChanges.create(newId(), now(), HALF_HOUR)))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": ");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(failureBound().multipliedBy(2));
        } finally {
            server.start();
        }

        String after = newId();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            store.save(SessionChanges.create(after, now(), HALF_HOUR).set("b", "2"));
            assertThat(store.load(after)).isPresent();
        });
    }

    @Test
    void closedStoreRefusesCalls() {
        SessionStore store = openStore();
        store.close();

        assertThatThrownBy(() -> store.load(newId()))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageStartingWith(store.uri() + ": ");
    }
}
