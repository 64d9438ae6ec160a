package dev.multiserver.redis;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.pubsub.EventChannelContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract in pub/sub mode, on one redis-server. */
class RedisEventChannelContractIntegrationTest extends EventChannelContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected EventChannel openChannel() {
        return RedisEventChannel.of(redis.uri());
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(redis::kill, redis::start));
    }
}
