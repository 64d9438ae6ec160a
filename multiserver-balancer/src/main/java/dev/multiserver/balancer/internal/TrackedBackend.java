package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.algorithm.BackendState;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend with the live figures the balancer keeps for it. */
final class TrackedBackend implements BackendState {

    private final Backend backend;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean healthy = true;

    TrackedBackend(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    void exchangeEnded() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
