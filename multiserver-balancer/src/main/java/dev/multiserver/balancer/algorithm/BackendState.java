package dev.multiserver.balancer.algorithm;

import dev.multiserver.balancer.Backend;
import java.time.Duration;

/**
 * What an {@link Algorithm} sees of a backend while choosing: its configuration and live figures.
 * Values are read without locking and may be a moment old.
 */
public interface BackendState {

    Backend backend();

    /** The backend's opaque, stable id ({@link Backend#id()}), e.g. for a sticky cookie. */
    default String id() {
        return backend().id();
    }

    /** The configured weight, 1 or more. */
    default int weight() {
        return backend().weight();
    }

    /**
     * The weight to use now: the configured weight, scaled down while a new or recovered backend is in
     * its slow-start window (never below a twentieth of it). Algorithms that share load by weight use this.
     */
    default double effectiveWeight() {
        return weight();
    }

    /** Whether the backend is taking requests; unhealthy backends are not offered as candidates. */
    boolean healthy();

    /** Requests sent to this backend that have not yet completed. */
    int inFlight();

    /**
     * The balancer's running estimate of this backend's response latency (head sent to head received,
     * exponentially weighted), or {@link Duration#ZERO} before its first response.
     */
    default Duration latency() {
        return Duration.ZERO;
    }
}
