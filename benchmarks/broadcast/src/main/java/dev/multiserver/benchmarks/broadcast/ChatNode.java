package dev.multiserver.benchmarks.broadcast;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.servlet.websocket.ClusterHub;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** One node of the cluster: a Jetty server on a free loopback port with the chat endpoint on its own hub. */
final class ChatNode implements AutoCloseable {

    private final Server server = new Server();
    private final ClusterHub hub;
    private final EventChannel channel;
    private final ServerConnector connector;

    ChatNode(String nodeId, EventChannel channel) throws Exception {
        this.channel = channel;
        this.hub = ClusterHub.builder(channel).nodeId(nodeId).maxQueuedMessages(100_000).build();
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/ws")
                        .configurator(new ServerEndpointConfig.Configurator() {
                            @Override
                            public <T> T getEndpointInstance(Class<T> type) {
                                return type.cast(new ChatEndpoint(hub));
                            }
                        })
                        .build()));
        server.setHandler(context);
        server.start();
    }

    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
    }

    ClusterHub hub() {
        return hub;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        hub.close();
        channel.close();
    }
}
