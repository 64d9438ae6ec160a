package dev.multiserver.servlet.websocket;

import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** One node of the tests' chat cluster: a Jetty 12 server on a free loopback port, its endpoint using the hub. */
final class ChatNode implements AutoCloseable {

    private final ClusterHub hub;
    private final Server server;
    private final ServerConnector connector;
    private final List<Session> closedSessions;

    private ChatNode(ClusterHub hub, Server server, ServerConnector connector, List<Session> closedSessions) {
        this.hub = hub;
        this.server = server;
        this.connector = connector;
        this.closedSessions = closedSessions;
    }

    static ChatNode start(ClusterHub hub) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        List<Session> closedSessions = new CopyOnWriteArrayList<>();
        ServerEndpointConfig.Configurator withHub = new ServerEndpointConfig.Configurator() {
            @Override
            public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(new ChatEndpoint(hub, closedSessions));
            }
        };
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
                container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat/{room}")
                        .configurator(withHub)
                        .build()));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the chat node " + hub.nodeId(), e);
        }
        return new ChatNode(hub, server, connector, closedSessions);
    }

    ClusterHub hub() {
        return hub;
    }

    /** The sessions whose {@code onClose} ran. */
    List<Session> closedSessions() {
        return closedSessions;
    }

    URI room(String room) {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/chat/" + room);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        hub.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the chat node " + hub.nodeId(), e);
        }
    }
}
