package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreTimeoutException;
import dev.multiserver.session.SessionStores;
import dev.multiserver.session.StoredSession;
import dev.multiserver.testkit.RedisServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSessionStoreIntegrationTest {

    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private RawRedis raw;

    @AfterEach
    void closeRawClient() {
        if (raw != null) {
            raw.close();
        }
    }

    private RawRedis raw() {
        if (raw == null) {
            raw = RawRedis.connect(redis.uri());
        }
        return raw;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    @Test
    void sessionIsOneHashOfMetadataAndJsonTextsWithAnExpiry() {
        String id = newId();
        Instant now = now();
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            store.save(SessionChanges.create(id, now, HALF_HOUR)
                    .set("user", "{\"name\":\"ada\",\"roles\":[\"admin\"]}")
                    .set("visits", "3"));
        }

        String key = "multiserver:session:" + id;
        assertThat(raw().commands().type(key)).isEqualTo("hash");
        assertThat(raw().commands().hgetall(key)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "meta:created", Long.toString(now.toEpochMilli()),
                "meta:accessed", Long.toString(now.toEpochMilli()),
                "meta:maxInactive", Long.toString(HALF_HOUR.toMillis()),
                "attr:user", "{\"name\":\"ada\",\"roles\":[\"admin\"]}",
                "attr:visits", "3"));
        assertThat(raw().commands().pexpiretime(key)).isEqualTo(now.plus(HALF_HOUR).toEpochMilli());
    }

    @Test
    void sessionThatNeverExpiresHasNoTtlAndLosesItsOldOne() {
        String id = newId();
        String key = "multiserver:session:" + id;
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
            assertThat(raw().commands().pttl(key)).isPositive();

            store.save(SessionChanges.update(store.load(id).orElseThrow(), now())
                    .withMaxInactiveInterval(Duration.ZERO));
        }

        assertThat(raw().commands().pttl(key)).isEqualTo(-1);
    }

    @Test
    void namespaceAndDatabaseFromSessionStoresAreWhereTheSessionGoes() {
        String id = newId();
        try (SessionStore store = SessionStores.open(redis.uri() + "/3",
                SessionStoreOptions.defaults().withNamespace("shop"))) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
        }

        raw().commands().select(3);
        assertThat(raw().commands().hget("shop:session:" + id, "attr:a")).isEqualTo("1");
        raw().commands().select(0);
        assertThat(raw().commands().exists("shop:session:" + id)).isZero();
    }

    @Test
    void aHashWithoutSessionMetadataLoadsAsNoSessionAndIsNotUpdated() {
        String id = newId();
        String key = "multiserver:session:" + id;
        raw().commands().hset(key, Map.of("name", "someone else's"));
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            assertThat(store.load(id)).isEmpty();
            assertThat(store.save(SessionChanges.update(
                    new StoredSession(id, now(), now(), HALF_HOUR, Map.of()), now()).set("a", "1"))).isFalse();
            assertThat(store.changeId(id, newId())).isFalse();
        }

        assertThat(raw().commands().hgetall(key)).containsExactlyEntriesOf(Map.of("name", "someone else's"));
    }

    @Test
    void saveWorksAfterRedisForgetsItsScripts() {
        String id = newId();
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));
            raw().commands().scriptFlush();

            assertThat(store.save(SessionChanges.update(store.load(id).orElseThrow(), now()).set("b", "2")))
                    .isTrue();

            assertThat(store.load(id).orElseThrow().attributes()).containsOnlyKeys("a", "b");
        }
    }

    @Test
    void thousandsOfAttributesAreWrittenAndRemovedInOneSave() {
        String id = newId();
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            SessionChanges create = SessionChanges.create(id, now(), HALF_HOUR);
            for (int i = 0; i < 1000; i++) {
                create = create.set("a" + i, Integer.toString(i));
            }
            store.save(create);
            SessionChanges update = SessionChanges.update(store.load(id).orElseThrow(), now());
            for (int i = 0; i < 999; i++) {
                update = update.remove("a" + i);
            }
            store.save(update);

            assertThat(store.load(id).orElseThrow().attributes()).containsExactlyEntriesOf(Map.of("a999", "999"));
        }
    }

    @Test
    void changeIdKeepsTheExpiry() {
        String oldId = newId();
        String newId = newId();
        Instant now = now();
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            store.save(SessionChanges.create(oldId, now, HALF_HOUR));

            assertThat(store.changeId(oldId, newId)).isTrue();
        }

        assertThat(raw().commands().pexpiretime("multiserver:session:" + newId))
                .isEqualTo(now.plus(HALF_HOUR).toEpochMilli());
    }

    @Test
    void changeIdToAnIdInUseFailsAndKeepsBothSessions() {
        String oldId = newId();
        String takenId = newId();
        try (RedisSessionStore store = RedisSessionStore.of(redis.uri())) {
            store.save(SessionChanges.create(oldId, now(), HALF_HOUR).set("who", "\"old\""));
            store.save(SessionChanges.create(takenId, now(), HALF_HOUR).set("who", "\"taken\""));

            assertThatThrownBy(() -> store.changeId(oldId, takenId))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessage(store.uri() + ": change of session id " + SessionIds.abbreviate(oldId) + " to "
                            + SessionIds.abbreviate(takenId) + " failed: the new id is taken");

            assertThat(store.load(oldId).orElseThrow().attributes()).containsEntry("who", "\"old\"");
            assertThat(store.load(takenId).orElseThrow().attributes()).containsEntry("who", "\"taken\"");
        }
    }

    @Test
    void slowServerFailsCallsWithinTheTimeoutAndServiceResumesAfter() {
        Duration timeout = Duration.ofMillis(500);
        String id = newId();
        try (RedisSessionStore store = RedisSessionStore.builder(redis.uri()).timeout(timeout).build()) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR).set("a", "1"));

            redis.pause();
            try {
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.load(id))
                        .isInstanceOf(SessionStoreTimeoutException.class)
                        .hasMessage(store.uri() + ": load of session " + SessionIds.abbreviate(id) + " took longer than "
                                + "500ms");
                assertThatThrownBy(() -> store.save(SessionChanges.create(newId(), now(), HALF_HOUR)))
                        .isInstanceOf(SessionStoreTimeoutException.class)
                        .hasMessageStartingWith(store.uri() + ": save of session ");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isLessThan(timeout.multipliedBy(2).plusSeconds(1));
            } finally {
                redis.resume();
            }

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(store.load(id)).isPresent());
        }
    }

    @Test
    void downServerFailsCallsAtOnceRatherThanAfterTheTimeout() {
        String id = newId();
        try (RedisSessionStore store = RedisSessionStore.builder(redis.uri()).timeout(Duration.ofSeconds(10)).build()) {
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
            redis.kill();

            long started = System.nanoTime();
            assertThatThrownBy(() -> store.load(id))
                    .isInstanceOf(SessionStoreException.class)
                    .isNotInstanceOf(SessionStoreTimeoutException.class)
                    .hasMessageStartingWith(store.uri() + ": load of session " + SessionIds.abbreviate(id) + " failed: ");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        } finally {
            redis.start();
        }
    }

    @Test
    void storeMadeWhileRedisIsDownConnectsWhenItComesUp() {
        redis.kill();
        try (RedisSessionStore store = RedisSessionStore.builder(redis.uri()).timeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(() -> store.load(newId()))
                    .isInstanceOf(SessionStoreException.class)
                    .hasMessageStartingWith(store.uri() + ": load of session ")
                    .hasMessageContaining("Connection refused");

            redis.start();

            String id = newId();
            store.save(SessionChanges.create(id, now(), HALF_HOUR));
            assertThat(store.load(id)).isPresent();
        } finally {
            redis.start();
        }
    }

    @Test
    void passwordIsUsedAndNeverShown() {
        raw().commands().configSet("requirepass", "s3cret");
        try {
            String authenticated = redis.uri().replace("redis://", "redis://:s3cret@");
            String wrong = redis.uri().replace("redis://", "redis://:wrong-s3cret@");
            try (RedisSessionStore store = RedisSessionStore.of(authenticated);
                    RedisSessionStore refused = RedisSessionStore.of(wrong)) {
                String id = newId();
                store.save(SessionChanges.create(id, now(), HALF_HOUR));
                assertThat(store.load(id)).isPresent();
                assertThat(store.uri()).isEqualTo(redis.uri());

                assertThatThrownBy(() -> refused.load(id))
                        .isInstanceOf(SessionStoreException.class)
                        .hasMessageStartingWith(redis.uri() + ": load of session ")
                        .hasMessageContaining("WRONGPASS")
                        .message().doesNotContain("s3cret");
            }
        } finally {
            raw().commands().auth("s3cret");
            raw().commands().configSet("requirepass", "");
        }
    }
}
