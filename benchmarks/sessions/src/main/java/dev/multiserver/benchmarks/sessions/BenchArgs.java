package dev.multiserver.benchmarks.sessions;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The application's command line: where it listens and who keeps its sessions. */
record BenchArgs(String bind, int port, Mode mode, String store, String redis, String memcached, URI mongo) {

    static final String USAGE = "usage: java -jar multiserver-benchmarks-sessions.jar --port P [--bind 127.0.0.1] "
            + "--mode none | multiserver --store URI | redis-direct | jedis-direct --redis redis://HOST:PORT | jetty-memory | jetty-memcached --memcached HOST:PORT "
            + "| jetty-mongo --mongo mongodb://HOST:PORT/DB";

    private static final Set<String> FLAGS = Set.of("--bind", "--port", "--mode", "--store", "--redis", "--memcached", "--mongo");

    /** @throws IllegalArgumentException naming the flag that is missing, unknown or wrong */
    static BenchArgs parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown argument '" + flag + "'");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(flag + ": missing value");
            }
            if (values.put(flag, args.get(i + 1)) != null) {
                throw new IllegalArgumentException(flag + ": given twice");
            }
        }
        Mode mode = Mode.of(required(values, "--mode"));
        String bind = values.getOrDefault("--bind", "127.0.0.1");
        int port = port("--port", required(values, "--port"));
        String store = only(values, "--store", mode == Mode.MULTISERVER, mode);
        String redis = only(values, "--redis", mode == Mode.REDIS_DIRECT || mode == Mode.JEDIS_DIRECT, mode);
        if (redis != null && !redis.startsWith("redis://")) {
            throw new IllegalArgumentException("--redis: '" + redis + "' (expected: redis://HOST:PORT)");
        }
        String memcached = only(values, "--memcached", mode == Mode.JETTY_MEMCACHED, mode);
        String mongo = only(values, "--mongo", mode == Mode.JETTY_MONGO, mode);
        if (memcached != null) {
            hostPort(memcached);
        }
        return new BenchArgs(bind, port, mode, store, redis, memcached, mongo == null ? null : mongoUri(mongo));
    }

    private static String required(Map<String, String> values, String flag) {
        String value = values.get(flag);
        if (value == null) {
            throw new IllegalArgumentException(flag + ": missing");
        }
        return value;
    }

    /** A flag that belongs to one mode: required there, refused elsewhere (it would be silently ignored). */
    private static String only(Map<String, String> values, String flag, boolean needed, Mode mode) {
        String value = values.get(flag);
        if (needed && value == null) {
            throw new IllegalArgumentException(flag + ": missing (needed by --mode " + mode.flag() + ")");
        }
        if (!needed && value != null) {
            throw new IllegalArgumentException(flag + ": not used by --mode " + mode.flag());
        }
        return value;
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException(flag + ": '" + value + "' (expected: a port, 1 to 65535)");
    }

    private static InetSocketAddress hostPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--memcached: '" + value + "' (expected: HOST:PORT)");
        }
        return new InetSocketAddress(value.substring(0, colon), port("--memcached", value.substring(colon + 1)));
    }

    private static URI mongoUri(String value) {
        try {
            URI uri = new URI(value);
            if ("mongodb".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath().length() > 1) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("--mongo: '" + value + "' (expected: mongodb://HOST:PORT/DB)");
    }

    /** The server named in {@code --memcached}. */
    InetSocketAddress memcachedAddress() {
        return hostPort(memcached);
    }

    /** The database named in {@code --mongo}. */
    String mongoDatabase() {
        return mongo.getPath().substring(1);
    }
}
