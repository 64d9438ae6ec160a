package dev.multiserver.examples.stickysessions;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.servlet.SessionSyncFilter;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Sticky sessions with Memcached: three servers behind the balancer, which keeps each visitor on one of them
 * ({@link Algorithm#stickySession()}), while {@link SessionSyncFilter} keeps the sessions in Memcached, so when that
 * server goes away the visitor's next request lands on another one with the session intact. The scenario of
 * angel_multiserver's {@code STICKY_SESSION} with {@code MemcachedSessionSynchronizer}.
 *
 * <pre>{@code
 * try (StickySessionsExample example = StickySessionsExample.start(8080, "memcached://127.0.0.1:11211")) {
 *     // curl -c jar -b jar localhost:8080/ a few times: the same server, visit 1, 2, 3…
 * }
 * }</pre>
 */
public final class StickySessionsExample implements AutoCloseable {

    private static final int SERVERS = 3;

    private final Map<String, Server> servers;
    private final List<SessionStore> stores;
    private final LoadBalancer balancer;

    private StickySessionsExample(Map<String, Server> servers, List<SessionStore> stores, LoadBalancer balancer) {
        this.servers = servers;
        this.stores = stores;
        this.balancer = balancer;
    }

    public static void main(String[] args) throws Exception {
        String memcached = args.length > 0 ? args[0] : "memcached://127.0.0.1:11211";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        try (StickySessionsExample example = start(port, memcached)) {
            System.out.println("sticky sessions: http://localhost:" + example.port() + "/ in front of "
                    + example.servers.keySet() + ", sessions in " + memcached + ". Reload it: the same server counts "
                    + "your visits. Ctrl-C stops it.");
            example.balancer.awaitStop();
        }
    }

    /** Starts three servers keeping sessions in {@code storeUri}, and the balancer on {@code port} (0: any). */
    public static StickySessionsExample start(int port, String storeUri) throws Exception {
        Map<String, Server> servers = new LinkedHashMap<>();
        List<SessionStore> stores = new ArrayList<>();
        try {
            var balancer = LoadBalancer.builder().port(port).algorithm(Algorithm.stickySession());
            for (int i = 1; i <= SERVERS; i++) {
                String name = "server-" + i;
                SessionStore store = SessionStores.open(storeUri);   // each server its own client, as on many hosts
                stores.add(store);
                Server server = server(name, store);
                servers.put(name, server);
                balancer.backend("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
            }
            return new StickySessionsExample(servers, stores, balancer.build().start());
        } catch (Exception e) {
            stop(servers, stores);
            throw e;
        }
    }

    private static Server server(String name, SessionStore store) throws Exception {
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler("/");   // no SESSIONS: the filter replaces them
        context.addFilter(new FilterHolder(SessionSyncFilter.builder(store).build()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new VisitsServlet(name)), "/");
        server.setHandler(context);
        server.start();
        return server;
    }

    /** Counts the visitor's visits in the session; names the server that answered in {@code X-Server}. */
    private static final class VisitsServlet extends HttpServlet {

        private final String name;

        VisitsServlet(String name) {
            this.name = name;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession(true);
            Object before = session.getAttribute("visits");
            int visits = (before instanceof Number n ? n.intValue() : 0) + 1;
            session.setAttribute("visits", visits);
            response.setHeader("X-Server", name);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().println(name + ": visit " + visits);
        }
    }

    public int port() {
        return balancer.port();
    }

    /** Stops one server, as if its machine went away. */
    public void stopServer(String name) throws Exception {
        servers.get(name).stop();
    }

    @Override
    public void close() throws Exception {
        balancer.close();
        stop(servers, stores);
    }

    private static void stop(Map<String, Server> servers, List<SessionStore> stores) throws Exception {
        for (Server server : servers.values()) {
            server.stop();
        }
        stores.forEach(SessionStore::close);
    }
}
