package dev.multiserver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreTimeoutException;
import dev.multiserver.session.StoredSession;
import dev.multiserver.testkit.MemcachedServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedSessionStoreSlowServerIntegrationTest {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    // generous: the machines that run the build are small and often busy
    private static final Duration SLACK = Duration.ofMillis(1500);

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Test
    void callsToAFrozenServerTimeOutWithinTheTimeoutAndWorkAgainAfterItResumes() {
        try (SessionStore writer = MemcachedSessionStore.of(memcached.uri())) {
            writer.save(SessionChanges.create("before", now(), Duration.ofMinutes(30)).set("a", "1"));
        }
        try (SessionStore store = MemcachedSessionStore.builder(memcached.uri()).timeout(TIMEOUT).build()) {

            memcached.pause();
            try {
                assertFailsInTime(() -> store.load("before"))
                        .isInstanceOf(SessionStoreTimeoutException.class)
                        .hasMessage(store.uri() + ": load of session before took longer than 1s");
                // later calls time out too, or fail at once while the client replaces the connection that timed out
                assertFailsInTime(() -> store.save(SessionChanges.create("during", now(), Duration.ofMinutes(30))))
                        .isInstanceOf(SessionStoreException.class)
                        .hasMessageStartingWith(store.uri() + ": save of session during ");
                assertFailsInTime(() -> store.delete("before"))
                        .isInstanceOf(SessionStoreException.class)
                        .hasMessageStartingWith(store.uri() + ": delete of session before ");
            } finally {
                memcached.resume();
            }

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(store.load("before").orElseThrow().attributes()).isEqualTo(Map.of("a", "1")));
            store.save(SessionChanges.create("after", now(), Duration.ofMinutes(30)));
            assertThat(store.load("after")).isPresent();
        }
    }

    @Test
    void savingChangesToAFrozenServerTimesOutAsAWhole() {
        StoredSession loaded;
        try (SessionStore writer = MemcachedSessionStore.of(memcached.uri())) {
            writer.save(SessionChanges.create("changed", now(), Duration.ofMinutes(30)).set("a", "1"));
            loaded = writer.load("changed").orElseThrow();
        }
        try (SessionStore store = MemcachedSessionStore.builder(memcached.uri()).timeout(TIMEOUT).build()) {

            memcached.pause();
            try {
                assertFailsInTime(() -> store.save(SessionChanges.update(loaded, now()).set("b", "2")))
                        .isInstanceOf(SessionStoreTimeoutException.class)
                        .hasMessage(store.uri() + ": save of session change... took longer than 1s");
            } finally {
                memcached.resume();
            }

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(store.save(SessionChanges.update(loaded, now()).set("c", "3"))).isTrue());
            assertThat(store.load("changed").orElseThrow().attributes()).isEqualTo(Map.of("a", "1", "c", "3"));
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFailsInTime(ThrowingCallable call) {
        long started = System.nanoTime();
        AbstractThrowableAssert<?, ? extends Throwable> thrown = assertThatThrownBy(call);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plus(SLACK));
        return thrown;
    }
}
