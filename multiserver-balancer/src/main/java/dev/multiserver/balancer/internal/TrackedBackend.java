package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend in the pool with the live figures the balancer keeps for it. Its state follows from three
 * facts: draining, failing active checks, ejected by passive checks. The figures are updated from every
 * event loop; state changes go through {@link BackendPool}, which holds this object's lock for them.
 */
final class TrackedBackend implements BackendState {

    private static final double LATENCY_HALF_LIFE_NANOS = 5e9;
    private static final double SLOW_START_FLOOR = 0.05;

    private final Backend backend;
    private final long slowStartNanos;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Set<WebSocketTunnel> tunnels = ConcurrentHashMap.newKeySet();
    private BackendMeters meters;

    private volatile State state = State.UP;
    private volatile long slowStartSince;
    private volatile boolean removed;
    // Guarded by this object's lock (taken by BackendPool and the health checkers).
    boolean draining;
    boolean failingChecks;
    boolean ejected;
    int failureStreak;
    int ejections;
    long readmittedAt;

    private double latencyNanos;
    private long latencyUpdatedAt;

    TrackedBackend(Backend backend, Duration slowStart) {
        this.backend = backend;
        this.slowStartNanos = slowStart.toNanos();
    }

    void attachMeters(BackendMeters meters) {
        this.meters = meters;
    }

    BackendMeters meters() {
        return meters;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public boolean healthy() {
        return state == State.UP;
    }

    State state() {
        return state;
    }

    boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
        meters.remove();
    }

    /** Works the state out again from the facts; returns the previous one. Call holding this lock. */
    State updateState() {
        State previous = state;
        state = draining ? State.DRAINING : (failingChecks || ejected) ? State.DOWN : State.UP;
        return previous;
    }

    /** Starts the slow-start ramp (when one is configured): the backend just joined or recovered. */
    void startSlowStart() {
        if (slowStartNanos > 0) {
            slowStartSince = System.nanoTime();
        }
    }

    @Override
    public double effectiveWeight() {
        long since = slowStartSince;
        if (since == 0) {
            return backend.weight();
        }
        double ramp = (double) (System.nanoTime() - since) / slowStartNanos;
        if (ramp >= 1) {
            slowStartSince = 0;
            return backend.weight();
        }
        return backend.weight() * Math.max(SLOW_START_FLOOR, ramp);
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public synchronized Duration latency() {
        return Duration.ofNanos((long) latencyNanos);
    }

    /** WebSockets open with this backend now. */
    int webSockets() {
        return tunnels.size();
    }

    List<WebSocketTunnel> tunnels() {
        return List.copyOf(tunnels);
    }

    void tunnelOpened(WebSocketTunnel tunnel) {
        tunnels.add(tunnel);
    }

    void tunnelClosed(WebSocketTunnel tunnel) {
        tunnels.remove(tunnel);
    }

    /** No request in flight and no WebSocket open: a drain may end. */
    boolean isIdle() {
        return inFlight.get() == 0 && tunnels.isEmpty();
    }

    void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    /** Counts an ended exchange; returns the requests still in flight. */
    int exchangeEnded(ExchangeOutcome outcome) {
        requests.increment();
        if (isFailure(outcome)) {
            errors.increment();
        }
        if (outcome.kind() == ExchangeOutcome.Kind.RESPONDED) {
            observeLatency(outcome.latency().toNanos(), System.nanoTime());
        }
        meters.record(outcome);
        return inFlight.decrementAndGet();
    }

    /** A failure for passive health and the error count: no complete answer, or a 5xx one. */
    static boolean isFailure(ExchangeOutcome outcome) {
        return switch (outcome.kind()) {
            case RESPONDED -> outcome.status() >= 500;
            case CANCELLED -> false;
            default -> true;
        };
    }

    private synchronized void observeLatency(long sampleNanos, long now) {
        if (latencyUpdatedAt == 0) {
            latencyNanos = sampleNanos;
        } else {
            double weightOfOld = Math.pow(0.5, (now - latencyUpdatedAt) / LATENCY_HALF_LIFE_NANOS);
            latencyNanos = latencyNanos * weightOfOld + sampleNanos * (1 - weightOfOld);
        }
        latencyUpdatedAt = now;
    }

    BackendStatus status() {
        Duration[] percentiles = meters.percentiles();
        return new BackendStatus(backend, state, inFlight.get(), webSockets(), requests.sum(), errors.sum(),
                latency(), percentiles[0], percentiles[1]);
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
