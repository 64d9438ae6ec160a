package dev.multiserver.demo;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCache;
import dev.multiserver.demo.internal.ChatEndpoint;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.servlet.SessionSyncFilter;
import dev.multiserver.servlet.cache.ResponseCacheFilter;
import dev.multiserver.servlet.websocket.ClusterHub;
import dev.multiserver.session.SessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Clock;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Builds and starts a {@link DemoApp}.
 *
 * <pre>{@code
 * DemoApp app = DemoApp.builder(store, channel, cache).bindAddress("0.0.0.0").port(8081).workerId("a").start();
 * }</pre>
 */
public final class DemoAppBuilder {

    private final SessionStore store;
    private final EventChannel channel;
    private final ResponseCache cache;
    private int port;
    private String bindAddress = "127.0.0.1";
    private Supplier<String> workerId;
    private Clock clock = Clock.systemUTC();

    DemoAppBuilder(SessionStore store, EventChannel channel, ResponseCache cache) {
        this.store = store;
        this.channel = channel;
        this.cache = cache;
    }

    /** The port to listen on, 0 to 65535; default 0, a free one ({@link DemoApp#port()} tells which). */
    public DemoAppBuilder port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        this.port = port;
        return this;
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public DemoAppBuilder bindAddress(String bindAddress) {
        requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress: blank (expected: a host name or IP address)");
        }
        this.bindAddress = bindAddress;
        return this;
    }

    /** The id in {@code X-Worker} and the chat's {@code from}; default {@code worker@PORT}. */
    public DemoAppBuilder workerId(String workerId) {
        requireNonNull(workerId, "workerId");
        return workerId(() -> workerId);
    }

    /**
     * The worker id, asked for on every request: for an instance whose name is given after it starts, as the
     * balancer names in-process workers only once they run. Blank or null answers fall back to the default.
     */
    public DemoAppBuilder workerId(Supplier<String> workerId) {
        this.workerId = requireNonNull(workerId, "workerId");
        return this;
    }

    /** The clock of the time {@code /api/cached} says it was generated; default the system's. */
    public DemoAppBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Starts the server and returns once it listens.
     *
     * @throws IllegalStateException naming the address when it cannot start (e.g. the port is taken)
     */
    public DemoApp start() {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(bindAddress);
        connector.setPort(port);
        server.addConnector(connector);
        WorkerId id = new WorkerId(workerId, connector);

        ClusterHub hub = ClusterHub.builder(channel).topic("demo-chat").build();
        ServletContextHandler context = new ServletContextHandler("/");   // no SESSIONS: the filter replaces them
        EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
        context.addFilter(new FilterHolder(new WorkerHeaderFilter(id)), "/*", requests);
        context.addFilter(new FilterHolder(ResponseCacheFilter.builder(cache).build()), "/api/cached", requests);
        context.addFilter(new FilterHolder(SessionSyncFilter.builder(store).build()), "/*", requests);
        context.addServlet(new ServletHolder(new HomeServlet(id)), "");
        context.addServlet(new ServletHolder(new WhoAmIServlet(id, connector)), "/api/whoami");
        context.addServlet(new ServletHolder(new SessionServlet()), "/api/session");
        context.addServlet(new ServletHolder(new CachedServlet(id, clock)), "/api/cached");
        ServerEndpointConfig.Configurator withHub = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(new ChatEndpoint(hub, id));
            }
        };
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws/chat")
                        .configurator(withHub)
                        .build()));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            hub.close();
            try {
                server.stop();
            } catch (Exception alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new IllegalStateException("demo application: cannot listen on " + bindAddress + ":" + port
                    + ": " + e.getMessage(), e);
        }
        return new DemoApp(server, connector, hub, id);
    }
}
