package dev.multiserver.servlet;

import dev.multiserver.mongo.MongoSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.MongoServerExtension;
import dev.multiserver.testkit.session.StoreServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scenarios with both instances on MongoDB over the wire (mongo-java-server in this JVM, stopped and started
 * on its port for the failure ones; or the server of {@code MONGODB_URI}, which the failure scenarios cannot stop).
 */
class MongoSessionSyncIntegrationTest extends SessionSyncScenarios {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    @Override
    protected SessionStore openStore() {
        return MongoSessionStore.of(mongo.databaseUri());
    }

    @Override
    protected StoreServer server() {
        return StoreServer.of(mongo::stop, mongo::start);
    }
}
