package dev.multiserver.cli.demo;

import dev.multiserver.cache.ResponseCache;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannels;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What workers of the demo share: the session store, the chat channel and the response cache. In-process workers
 * share one of each, opened once so that {@code memory:} means one store and one channel for all of them; a worker
 * process opens its own. Closed after the workers have stopped.
 */
record Shared(SessionStore store, EventChannel channel, ResponseCache cache) implements AutoCloseable {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Opens the store and channel the URIs name, and a memory response cache.
     *
     * @throws ParameterException naming {@code --store} or {@code --sync} when a URI names no store or channel
     * @throws RuntimeException when a valid URI's server cannot be reached
     */
    static Shared open(String storeUri, String syncUri, CommandSpec spec) {
        SessionStore store;
        try {
            store = SessionStores.open(storeUri);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--store: " + e.getMessage());
        }
        EventChannel channel;
        try {
            channel = isMemory(syncUri) ? MemoryEventChannel.create() : EventChannels.open(syncUri);
        } catch (IllegalArgumentException e) {
            closeQuietly(store);
            throw new ParameterException(spec.commandLine(), "--sync: " + e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(store);
            throw e;
        }
        return new Shared(store, channel, ResponseCache.builder().build());
    }

    /**
     * Asks the store for a session and publishes an empty event on a topic nobody reads, so that a server that does
     * not answer is reported now, by the command, rather than by every worker as it crashes.
     *
     * @throws RuntimeException naming the store or channel when its server does not answer
     */
    void probe() {
        store.load("multiserver-demo-probe");
        try {
            channel.publish("multiserver-demo-probe", new byte[0]).get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(channel.uri() + ": interrupted while checking that it answers", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException(channel.uri() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(channel.uri() + ": no answer within " + PROBE_TIMEOUT.toSeconds()
                    + " s", e);
        }
    }

    static boolean isMemory(String uri) {
        String trimmed = uri.strip();
        return trimmed.equals("memory:") || trimmed.equals("memory://");
    }

    /** The URI as it can be shown: without a password. */
    static String describe(String uri) {
        return isMemory(uri) ? "memory (shared by the workers)" : SessionStores.redact(URI.create(uri.strip()));
    }

    @Override
    public void close() {
        cache.close();
        closeQuietly(channel);
        closeQuietly(store);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(Shared.class).warn("demo: closing {} failed: {}", closeable, e.toString());
        }
    }
}
