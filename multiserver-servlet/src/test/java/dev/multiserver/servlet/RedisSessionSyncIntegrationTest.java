package dev.multiserver.servlet;

import dev.multiserver.redis.RedisSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.session.StoreServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with both instances on a real redis-server, killed and started again for the failure ones. */
class RedisSessionSyncIntegrationTest extends SessionSyncScenarios {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected SessionStore openStore() {
        return RedisSessionStore.of(redis.uri());
    }

    @Override
    protected StoreServer server() {
        return StoreServer.of(redis::kill, redis::start);
    }
}
