package dev.multiserver.servlet.websocket;

import dev.multiserver.mongo.MongoEventChannel;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.testkit.MongoServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenarios with each node on MongoDB change streams: mongo-java-server with its oplog over the wire, or the
 * server of {@code MONGODB_URI}.
 */
class MongoClusterHubIntegrationTest extends ClusterHubIntegrationTest {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    @Override
    protected EventChannel openChannel() {
        return MongoEventChannel.of(withMode(mongo.databaseUri(), "changestreams"));
    }

    static String withMode(String uri, String mode) {
        return uri + (uri.contains("?") ? "&" : "?") + "mode=" + mode;
    }
}
