package dev.multiserver.testkit.session;

import dev.multiserver.session.MemorySessionStore;
import dev.multiserver.session.SessionStore;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

class MemorySessionStoreContractTest extends SessionStoreContract {

    private MemorySessionStore store;

    @BeforeEach
    void newStore() {
        store = MemorySessionStore.create();
    }

    @Override
    protected SessionStore openStore() {
        return store;
    }

    @Override
    protected boolean writeForeignData(String id) {
        return false;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.empty();
    }
}
