package dev.multiserver.balancer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A snapshot of one backend of a running balancer, as {@link LoadBalancer#backendStatus()} and the
 * admin server's {@code status.json} report it.
 *
 * @param backend  the backend and its configured weight
 * @param state    whether it takes requests
 * @param inFlight requests with it now
 * @param webSockets WebSocket connections open with it now (not counted in {@code inFlight})
 * @param requests exchanges completed with it since it joined
 * @param errors   of those, the ones that failed (no connection, no complete response, timeout) or
 *                 answered with a 5xx status
 * @param latency  the exponentially weighted response latency, zero before the first response
 * @param p50      the median response latency over the last minute or so, zero without samples
 * @param p99      the 99th percentile response latency over the last minute or so, zero without samples
 */
public record BackendStatus(Backend backend, State state, int inFlight, int webSockets, long requests, long errors,
        Duration latency, Duration p50, Duration p99) {

    public BackendStatus {
        requireNonNull(backend, "backend");
        requireNonNull(state, "state");
        requireNonNull(latency, "latency");
        requireNonNull(p50, "p50");
        requireNonNull(p99, "p99");
    }

    /** Whether a backend takes requests. */
    public enum State {
        /** It takes requests. */
        UP,
        /** It failed health checks or too many requests; it takes none until it recovers. */
        DOWN,
        /**
         * It takes no new requests and leaves the pool when those in flight finish and its WebSockets close
         * (or are closed after the WebSocket drain grace period).
         */
        DRAINING
    }
}
