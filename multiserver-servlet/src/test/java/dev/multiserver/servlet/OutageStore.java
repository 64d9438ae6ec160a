package dev.multiserver.servlet;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.StoredSession;
import java.util.Optional;

/**
 * A real store that can be cut off, for the memory store, which has no server to stop: while cut off, every call
 * fails as a closed store's does; afterwards the same data answers again.
 */
final class OutageStore implements SessionStore {

    private final SessionStore store;
    private volatile boolean down;

    OutageStore(SessionStore store) {
        this.store = store;
    }

    void down(boolean down) {
        this.down = down;
    }

    @Override
    public Optional<StoredSession> load(String id) {
        check();
        return store.load(id);
    }

    @Override
    public boolean save(SessionChanges changes) {
        check();
        return store.save(changes);
    }

    @Override
    public void delete(String id) {
        check();
        store.delete(id);
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        check();
        return store.changeId(oldId, newId);
    }

    @Override
    public String uri() {
        return store.uri();
    }

    @Override
    public void close() {
        store.close();
    }

    private void check() {
        if (down) {
            throw new SessionStoreException(store.uri(), "the store is closed");
        }
    }
}
