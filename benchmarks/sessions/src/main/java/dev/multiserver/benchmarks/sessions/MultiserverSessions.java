package dev.multiserver.benchmarks.sessions;

import dev.multiserver.servlet.SessionSyncFilter;
import dev.multiserver.session.SessionStore;
import jakarta.servlet.Filter;

/**
 * Builds multiserver's {@code SessionSyncFilter} on a store, as an application would, with every other setting at
 * its default.
 */
final class MultiserverSessions {

    private MultiserverSessions() {
    }

    static Filter filter(SessionStore store) {
        return SessionSyncFilter.builder(store).build();
    }
}
