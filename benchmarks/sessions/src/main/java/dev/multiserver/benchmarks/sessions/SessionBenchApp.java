package dev.multiserver.benchmarks.sessions;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The benchmark's application: a Jetty 12 server on one port whose {@code GET /} reads and writes one session
 * attribute, with the sessions kept as {@code --mode} says.
 *
 * <pre>{@code
 * java -jar multiserver-benchmarks-sessions.jar --port 18101 --mode none
 * java -jar multiserver-benchmarks-sessions.jar --port 18102 --mode multiserver --store redis://127.0.0.1:18111
 * java -jar multiserver-benchmarks-sessions.jar --port 18104 --mode redis-direct --redis redis://127.0.0.1:18111
 * java -jar multiserver-benchmarks-sessions.jar --port 18103 --mode jetty-memcached --memcached 127.0.0.1:18112
 * }</pre>
 *
 * <p>Prints one line when it listens; bad arguments: a message naming the flag, exit status 2; a store or filter
 * that cannot be set up: a message naming it, exit status 1.
 */
public final class SessionBenchApp {

    private SessionBenchApp() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args;
        try {
            args = BenchArgs.parse(List.of(argv));
        } catch (IllegalArgumentException e) {
            System.err.println("sessions benchmark: " + e.getMessage());
            System.err.println(BenchArgs.USAGE);
            System.exit(2);
            return;
        }
        Server server = new Server();
        // one acceptor, one selector: the application has one CPU (taskset, -XX:ActiveProcessorCount=1)
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(args.bind());
        connector.setPort(args.port());
        server.addConnector(connector);
        server.setStopAtShutdown(true);   // SIGTERM stops the server, and so closes the store
        try {
            server.setHandler(context(server, args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a store URI no module supports, a filter missing: the message says which
            System.err.println("sessions benchmark: " + e.getMessage());
            System.exit(1);
            return;
        }
        server.start();
        System.out.println("listening on http://" + args.bind() + ":" + args.port() + "/ --mode " + args.mode().flag()
                + describe(args));
        server.join();
    }

    private static ServletContextHandler context(Server server, BenchArgs args) {
        boolean jetty = args.mode().name().startsWith("JETTY_");
        ServletContextHandler context = new ServletContextHandler(
                "/", jetty ? ServletContextHandler.SESSIONS : ServletContextHandler.NO_SESSIONS);
        if (args.mode() == Mode.REDIS_DIRECT || args.mode() == Mode.JEDIS_DIRECT) {
            RedisDirectServlet servlet = new RedisDirectServlet(args.mode() == Mode.REDIS_DIRECT
                    ? new LettuceFloor(args.redis()) : new JedisFloor(args.redis()));
            server.addEventListener(servlet);
            context.addServlet(new ServletHolder(servlet), "/");
            return context;
        }
        context.addServlet(new ServletHolder(new CounterServlet(args.mode() != Mode.NONE)), "/");
        if (args.mode() == Mode.MULTISERVER) {
            SessionStore store = SessionStores.open(args.store());
            server.addEventListener(new StoreCloser(store));
            context.addFilter(new FilterHolder(MultiserverSessions.filter(store)), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        } else if (jetty) {
            JettySessions.configure(server, args);
        }
        return context;
    }

    private static String describe(BenchArgs args) {
        return switch (args.mode()) {
            case MULTISERVER -> " --store " + args.store();
            case REDIS_DIRECT, JEDIS_DIRECT -> " --redis " + args.redis();
            case JETTY_MEMCACHED -> " --memcached " + args.memcached();
            case JETTY_MONGO -> " --mongo " + args.mongo();
            default -> "";
        };
    }
}
