package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.testkit.RedisClusterExtension;
import dev.multiserver.testkit.session.SessionStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a three-master Redis Cluster, where a session's old and new ids live in different slots. */
class RedisSessionStoreClusterContractIntegrationTest extends SessionStoreContract {

    @RegisterExtension
    static final RedisClusterExtension cluster = new RedisClusterExtension();

    @Override
    protected RedisSessionStore openStore() {
        return RedisSessionStore.of(cluster.uri());
    }

    @Override
    protected boolean writeForeignData(String id) {
        raw(connection -> connection.sync().set("multiserver:session:" + id, "not a session"));
        return true;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(cluster::kill, cluster::start));
    }

    @Test
    void changeIdMovesTheSessionToAnotherSlotWithItsExpiry() {
        String oldId = "a";
        String newId = "b";
        assertThat(SlotHash.getSlot("multiserver:session:" + oldId))
                .isNotEqualTo(SlotHash.getSlot("multiserver:session:" + newId));
        Instant accessed = Instant.ofEpochMilli(System.currentTimeMillis());
        try (RedisSessionStore store = openStore()) {
            store.save(SessionChanges.create(oldId, accessed, Duration.ofMinutes(10)).set("x", "1"));

            assertThat(store.changeId(oldId, newId)).isTrue();

            assertThat(store.load(oldId)).isEmpty();
            assertThat(store.load(newId).orElseThrow().attributes()).isEqualTo(Map.of("x", "1"));
        }
        raw(connection -> assertThat(connection.sync().pexpiretime("multiserver:session:" + newId))
                .isEqualTo(accessed.plus(Duration.ofMinutes(10)).toEpochMilli()));
    }

    private static void raw(Consumer<StatefulRedisClusterConnection<String, String>> use) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", cluster.ports().get(0)));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            use.accept(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
