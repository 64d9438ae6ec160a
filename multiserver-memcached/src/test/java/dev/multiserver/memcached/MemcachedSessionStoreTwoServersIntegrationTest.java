package dev.multiserver.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.MemcachedServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedSessionStoreTwoServersIntegrationTest {

    @RegisterExtension
    static final MemcachedServerExtension first = new MemcachedServerExtension();

    @RegisterExtension
    static final MemcachedServerExtension second = new MemcachedServerExtension();

    private static String uri() {
        return "memcached://" + first.host() + ":" + first.port() + "," + second.host() + ":" + second.port();
    }

    @Test
    void sessionsSpreadOverBothServersAndAllLoadBackThroughOneStore() {
        List<String> ids = new ArrayList<>();
        try (SessionStore writer = MemcachedSessionStore.of(uri())) {
            for (int i = 0; i < 200; i++) {
                String id = "spread-" + i;
                writer.save(SessionChanges.create(id, Instant.now(), Duration.ofMinutes(30)).set("i", "" + i));
                ids.add(id);
            }
        }

        RawMemcached one = new RawMemcached(first.port());
        RawMemcached two = new RawMemcached(second.port());
        int onFirst = 0;
        for (String id : ids) {
            boolean inFirst = one.get("multiserver:session:" + id).isPresent();
            boolean inSecond = two.get("multiserver:session:" + id).isPresent();
            assertThat(inFirst).as("session %s is on exactly one server", id).isNotEqualTo(inSecond);
            onFirst += inFirst ? 1 : 0;
        }
        assertThat(onFirst).as("sessions on the first of two servers").isBetween(40, 160);

        try (SessionStore reader = MemcachedSessionStore.of(uri())) {
            for (int i = 0; i < ids.size(); i++) {
                assertThat(reader.load(ids.get(i)).orElseThrow().attributes()).isEqualTo(Map.of("i", "" + i));
            }
        }
    }

    @Test
    void serversListedInAnotherOrderFindTheSameSessions() {
        String reversed = "memcached://" + second.host() + ":" + second.port() + "," + first.host() + ":"
                + first.port();
        try (SessionStore writer = MemcachedSessionStore.of(uri());
                SessionStore reader = MemcachedSessionStore.of(reversed)) {
            for (int i = 0; i < 50; i++) {
                writer.save(SessionChanges.create("order-" + i, Instant.now(), Duration.ofMinutes(30)));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(reader.load("order-" + i)).as("order-%s", i).isPresent();
            }
        }
    }
}
