package dev.multiserver.examples.websocketchat;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.servlet.websocket.ClusterHub;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A WebSocket chat through the balancer: two servers, each with a {@link ClusterHub} on one shared channel, so a
 * message said to one server reaches the people connected to the other. The balancer tunnels each WebSocket to a
 * server; the channel here is in memory (both servers are in this JVM); across machines it would be
 * {@code EventChannels.open("redis://…")}. The scenario of angel_multiserver's {@code MongoWebSocketSynchronizer}.
 *
 * <pre>{@code
 * try (WebSocketChatExample example = WebSocketChatExample.start(8080)) {
 *     // two `websocat ws://localhost:8080/chat` terminals: each line typed in one appears in both
 * }
 * }</pre>
 */
public final class WebSocketChatExample implements AutoCloseable {

    private static final int SERVERS = 2;

    private final EventChannel channel;
    private final List<ClusterHub> hubs;
    private final List<Server> servers;
    private final LoadBalancer balancer;

    private WebSocketChatExample(EventChannel channel, List<ClusterHub> hubs, List<Server> servers,
            LoadBalancer balancer) {
        this.channel = channel;
        this.hubs = hubs;
        this.servers = servers;
        this.balancer = balancer;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (WebSocketChatExample example = start(port)) {
            System.out.println("websocket chat: ws://localhost:" + example.port() + "/chat across " + SERVERS
                    + " servers; connect twice (e.g. websocat) and type. Ctrl-C stops it.");
            example.balancer.awaitStop();
        }
    }

    /** Starts two chat servers on one in-memory channel and the balancer on {@code port} (0: any). */
    public static WebSocketChatExample start(int port) throws Exception {
        EventChannel channel = MemoryEventChannel.create();
        List<ClusterHub> hubs = new ArrayList<>();
        List<Server> servers = new ArrayList<>();
        try {
            var balancer = LoadBalancer.builder().port(port);
            for (int i = 1; i <= SERVERS; i++) {
                ClusterHub hub = ClusterHub.builder(channel).nodeId("server-" + i).build();
                hubs.add(hub);
                Server server = chatServer(hub);
                servers.add(server);
                balancer.backend("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
            }
            return new WebSocketChatExample(channel, hubs, servers, balancer.build().start());
        } catch (Exception e) {
            stop(channel, hubs, servers);
            throw e;
        }
    }

    private static Server chatServer(ClusterHub hub) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler("/");
        ServerEndpointConfig.Configurator withHub = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(new ChatEndpoint(hub));
            }
        };
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat")
                        .configurator(withHub)
                        .build()));
        server.setHandler(context);
        server.start();
        return server;
    }

    public int port() {
        return balancer.port();
    }

    @Override
    public void close() throws Exception {
        balancer.close();
        stop(channel, hubs, servers);
    }

    private static void stop(EventChannel channel, List<ClusterHub> hubs, List<Server> servers) throws Exception {
        for (Server server : servers) {
            server.stop();
        }
        hubs.forEach(ClusterHub::close);
        channel.close();
    }
}
