package dev.multiserver.servlet.websocket;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.redis.RedisEventChannel;
import dev.multiserver.testkit.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with each node reading Redis Streams (the replaying mode) from a real redis-server. */
class RedisStreamsClusterHubIntegrationTest extends ClusterHubIntegrationTest {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected EventChannel openChannel() {
        return RedisEventChannel.of(redis.uri() + "?mode=streams");
    }
}
