package dev.multiserver.benchmarks.sessions;

import dev.multiserver.session.SessionStore;
import jakarta.servlet.Filter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Builds multiserver's {@code SessionSyncFilter} on a store, as an application would:
 * {@code SessionSyncFilter.builder(store).build()}, with every other setting at its default.
 *
 * <p>The filter is looked up by name because this benchmark was written while multiserver-servlet was being written
 * in parallel; once it is on main, this class can become the one line above. The only place that knows the filter's
 * API.
 */
final class MultiserverSessions {

    private static final String FILTER = "dev.multiserver.servlet.SessionSyncFilter";

    private MultiserverSessions() {
    }

    static Filter filter(SessionStore store) {
        try {
            Method builder = Class.forName(FILTER).getMethod("builder", SessionStore.class);
            Object configured = builder.invoke(null, store);
            return (Filter) builder.getReturnType().getMethod("build").invoke(configured);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("--mode multiserver: " + FILTER + " is not on the class path "
                    + "(a multiserver-servlet without the filter?)", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("--mode multiserver: building " + FILTER + " on " + store.uri()
                    + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("--mode multiserver: " + FILTER + " has no builder(SessionStore).build() "
                    + "returning a jakarta.servlet.Filter; adapt " + MultiserverSessions.class.getName(), e);
        }
    }
}
