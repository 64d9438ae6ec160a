package dev.multiserver.servlet;

import dev.multiserver.memcached.MemcachedSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.MemcachedServerExtension;
import dev.multiserver.testkit.session.StoreServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scenarios with both instances on a real memcached, killed and started again for the failure ones. */
class MemcachedSessionSyncIntegrationTest extends SessionSyncScenarios {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    @Override
    protected SessionStore openStore() {
        return MemcachedSessionStore.of(memcached.uri());
    }

    @Override
    protected StoreServer server() {
        return StoreServer.of(memcached::kill, memcached::start);
    }
}
