package dev.multiserver.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit life cycle of an extension that runs a server for tests. Registered on a static field, the
 * server runs for the whole class (and its nested classes); registered on an instance field, for each
 * test. Before every test it is started again if an earlier test stopped it.
 */
abstract class ScopedServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private int classScopes;

    /** Starts the server if it is not running. */
    abstract void startServer();

    /** Stops the server if it is running. */
    abstract void stopServer();

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (this) {
            classScopes++;
        }
        startServer();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startServer();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean perTest;
        synchronized (this) {
            perTest = classScopes == 0;
        }
        if (perTest) {
            stopServer();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        boolean last;
        synchronized (this) {
            last = --classScopes <= 0;
        }
        if (last) {
            stopServer();
        }
    }
}
