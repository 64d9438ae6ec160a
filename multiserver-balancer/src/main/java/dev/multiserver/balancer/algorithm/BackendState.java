package dev.multiserver.balancer.algorithm;

import dev.multiserver.balancer.Backend;

/**
 * What an {@link Algorithm} sees of a backend while choosing: its configuration and live figures.
 * Values are read without locking and may be a moment old.
 */
public interface BackendState {

    Backend backend();

    /** The configured weight, 1 or more. */
    default int weight() {
        return backend().weight();
    }

    /** Whether the backend is taking requests; unhealthy backends are not offered as candidates. */
    boolean healthy();

    /** Requests sent to this backend that have not yet completed. */
    int inFlight();
}
