package dev.multiserver.benchmarks.sessions;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who keeps the sessions of the benchmark's application. */
enum Mode {
    /** No session at all: the same servlet with the session code skipped, the ceiling. */
    NONE,
    /** multiserver's {@code SessionSyncFilter} on the store named by {@code --store}. */
    MULTISERVER,
    /** No session object: the counter kept by hand in Redis with the filter's two round trips, through Lettuce. */
    REDIS_DIRECT,
    /** The same as {@link #REDIS_DIRECT} through Jedis: blocking calls on the request's thread. */
    JEDIS_DIRECT,
    /** Jetty's default sessions: kept in the JVM's memory, nothing shared. */
    JETTY_MEMORY,
    /** Jetty's memcached session store, on the server named by {@code --memcached}. */
    JETTY_MEMCACHED,
    /** Jetty's MongoDB session store, on the database named by {@code --mongo}. */
    JETTY_MONGO;

    /** The name on the command line: {@code jetty-memcached}. */
    String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Mode of(String flag) {
        for (Mode mode : values()) {
            if (mode.flag().equals(flag)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--mode: '" + flag + "' (expected: " + names() + ")");
    }

    static String names() {
        return Arrays.stream(values()).map(Mode::flag).collect(Collectors.joining(", "));
    }
}
