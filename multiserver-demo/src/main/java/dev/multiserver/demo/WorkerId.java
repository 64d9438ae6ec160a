package dev.multiserver.demo;

import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;

/** The instance's name as its responses and chat messages give it: the configured one, else {@code worker@PORT}. */
final class WorkerId implements Supplier<String> {

    private final Supplier<String> configured;
    private final ServerConnector connector;

    WorkerId(Supplier<String> configured, ServerConnector connector) {
        this.configured = configured;
        this.connector = connector;
    }

    @Override
    public String get() {
        String id = configured == null ? null : configured.get();
        return id == null || id.isBlank() ? "worker@" + connector.getLocalPort() : id;
    }
}
