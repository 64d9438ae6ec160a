package dev.multiserver.testkit.session;

import static java.util.Objects.requireNonNull;

/**
 * How a contract suite stops and starts the server under a store, for its fault tests.
 *
 * <pre>{@code
 * StoreServer.of(redis::kill, redis::start)
 * }</pre>
 */
public interface StoreServer {

    /** Makes the server unreachable, as a crash would. */
    void stop();

    /** Brings the server back (its data may be gone). */
    void start();

    static StoreServer of(Runnable stop, Runnable start) {
        requireNonNull(stop, "stop");
        requireNonNull(start, "start");
        return new StoreServer() {
            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public void start() {
                start.run();
            }
        };
    }
}
