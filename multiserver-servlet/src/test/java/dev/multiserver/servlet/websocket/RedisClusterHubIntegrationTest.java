package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.redis.RedisEventChannel;
import dev.multiserver.testkit.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with each node on its own Redis pub/sub connection to a real redis-server. */
class RedisClusterHubIntegrationTest extends ClusterHubIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected EventChannel openChannel() {
        return RedisEventChannel.of(redis.uri());
    }
}
