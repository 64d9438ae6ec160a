package dev.multiserver.benchmarks.sessions;

import dev.multiserver.session.SessionStore;
import org.eclipse.jetty.util.component.LifeCycle;

/** Closes the session store once the server has stopped, after the last request that could use it. */
final class StoreCloser implements LifeCycle.Listener {

    private final SessionStore store;

    StoreCloser(SessionStore store) {
        this.store = store;
    }

    @Override
    public void lifeCycleStopped(LifeCycle event) {
        store.close();
    }
}
