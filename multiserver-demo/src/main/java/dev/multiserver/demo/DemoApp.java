package dev.multiserver.demo;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCache;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.servlet.websocket.ClusterHub;
import dev.multiserver.session.SessionStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * One running instance of the demo application: a Jetty 12 server on its own port, sharing sessions, chat rooms
 * and cached responses with the other instances through the store, channel and cache it was given.
 *
 * <pre>{@code
 * try (DemoApp app = DemoApp.builder(SessionStores.open("memory:"), MemoryEventChannel.create(),
 *         ResponseCache.builder().build()).port(8081).workerId("worker-1").start()) {
 *     app.stopped().toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>Its endpoints, a stable contract:
 * <ul>
 *   <li>every response carries {@code X-Worker: <worker id>} (of the instance that answered it);</li>
 *   <li>{@code GET /}: an HTML page with the worker id, the session, a form to set a value, a link to clear the
 *       session and a chat box;</li>
 *   <li>{@code GET /api/whoami}: {@code {"worker": "...", "pid": N, "port": N}};</li>
 *   <li>{@code GET /api/session}: the session's attributes as a JSON object ({@code {}} when none);
 *       {@code POST /api/session} with form fields or a JSON body {@code key}, {@code value}: sets one and
 *       answers the attributes (400 naming what is missing); {@code DELETE /api/session}: invalidates, 204;</li>
 *   <li>{@code GET /api/cached}: {@code Cache-Control: public, max-age=10}, through the response cache; the body
 *       names the worker and the time it was generated;</li>
 *   <li>WebSocket {@code /ws/chat?room=NAME}: each text message goes to everyone in the room on every instance as
 *       {@code {"room": ..., "from": <worker id>, "text": ...}}.</li>
 * </ul>
 *
 * <p>Closing the application stops its server and its hub; the store, channel and cache stay the caller's.
 */
public final class DemoApp implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ClusterHub hub;
    private final Supplier<String> workerId;
    private final CompletableFuture<Void> stopped;

    DemoApp(Server server, ServerConnector connector, ClusterHub hub, Supplier<String> workerId) {
        this.server = server;
        this.connector = connector;
        this.hub = hub;
        this.workerId = workerId;
        this.stopped = new CompletableFuture<>();
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle event) {
                hub.close();
                stopped.complete(null);
            }

            @Override
            public void lifeCycleFailure(LifeCycle event, Throwable cause) {
                hub.close();
                stopped.completeExceptionally(cause);
            }
        });
    }

    /** A builder of an instance that keeps its sessions in {@code store}, its chat on {@code channel}. */
    public static DemoAppBuilder builder(SessionStore store, EventChannel channel, ResponseCache cache) {
        return new DemoAppBuilder(requireNonNull(store, "store"), requireNonNull(channel, "channel"),
                requireNonNull(cache, "cache"));
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The id in its {@code X-Worker} header. */
    public String workerId() {
        return workerId.get();
    }

    /** Completes when the server has stopped, whoever stopped it; exceptionally when it failed. */
    public CompletionStage<Void> stopped() {
        return stopped.minimalCompletionStage();
    }

    /** Stops the server (requests in flight are cut short) and the hub. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the demo application on port " + port(), e);
        } finally {
            hub.close();
        }
    }

    @Override
    public String toString() {
        return "DemoApp{" + workerId() + ", port " + port() + "}";
    }
}
