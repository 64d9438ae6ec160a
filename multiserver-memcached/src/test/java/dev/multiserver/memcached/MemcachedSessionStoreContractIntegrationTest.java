package dev.multiserver.memcached;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.multiserver.session.SessionStore;
import dev.multiserver.testkit.MemcachedServerExtension;
import dev.multiserver.testkit.session.SessionStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemcachedSessionStoreContractIntegrationTest extends SessionStoreContract {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    @Override
    protected SessionStore openStore() {
        return MemcachedSessionStore.of(memcached.uri());
    }

    @Override
    protected boolean writeForeignData(String id) {
        new RawMemcached(memcached.port()).set("multiserver:session:" + id, "not a session \u0000\u00ff".getBytes(UTF_8));
        return true;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(memcached::kill, memcached::start));
    }
}
