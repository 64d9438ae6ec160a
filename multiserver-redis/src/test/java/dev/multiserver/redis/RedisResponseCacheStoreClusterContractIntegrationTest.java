package dev.multiserver.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.testkit.RedisClusterExtension;
import dev.multiserver.testkit.cache.ResponseCacheStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a three-master Redis Cluster, where a prefix delete must visit every master. */
class RedisResponseCacheStoreClusterContractIntegrationTest extends ResponseCacheStoreContract {

    @RegisterExtension
    static final RedisClusterExtension cluster = new RedisClusterExtension();

    @Override
    protected ResponseCacheStore openStore() {
        return RedisResponseCacheStore.of(cluster.uri());
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(cluster::kill, cluster::start));
    }

    @Test
    void deleteByPrefixRemovesEntriesFromEveryMaster() {
        ResponseCacheStore store = store();
        String prefix = "v /spread-" + UUID.randomUUID() + "/";
        Set<Integer> thirds = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String key = prefix + i;
            thirds.add(SlotHash.getSlot("multiserver:cache:" + key) * 3 / SlotHash.SLOT_COUNT);
            store.put(key, ("entry " + i).getBytes(UTF_8), Duration.ofMinutes(5)).orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
        assertThat(thirds).as("keys in the slot ranges of all three masters").hasSize(3);

        assertThat(store.deleteByPrefix(prefix).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(60);

        for (int i = 0; i < 60; i++) {
            assertThat(store.get(prefix + i).orTimeout(10, TimeUnit.SECONDS).join()).as("entry %s", i).isEmpty();
        }
    }
}
