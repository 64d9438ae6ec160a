package dev.multiserver.servlet.websocket;

import dev.multiserver.mongo.MongoEventChannel;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.testkit.MongoServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with each node polling a MongoDB collection, the original's design (polling every 100 ms). */
class MongoPollingClusterHubIntegrationTest extends ClusterHubIntegrationTest {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    @Override
    protected EventChannel openChannel() {
        return MongoEventChannel.of(MongoClusterHubIntegrationTest.withMode(mongo.databaseUri(), "polling"));
    }
}
