package dev.multiserver.redis;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.testkit.RedisClusterExtension;
import dev.multiserver.testkit.pubsub.EventChannelContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a three-master Redis Cluster: sharded pub/sub, each topic on the node owning its slot. */
class RedisClusterEventChannelContractIntegrationTest extends EventChannelContract {

    @RegisterExtension
    static final RedisClusterExtension cluster = new RedisClusterExtension();

    @Override
    protected EventChannel openChannel() {
        return RedisEventChannel.of(cluster.uri());
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(cluster::kill, cluster::start));
    }
}
