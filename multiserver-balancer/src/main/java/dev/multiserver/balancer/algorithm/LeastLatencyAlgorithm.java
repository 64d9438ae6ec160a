package dev.multiserver.balancer.algorithm;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The fastest backend by observed response latency, without probe requests. Each backend keeps a
 * peak-EWMA estimate: a slower sample replaces it at once, faster ones pull it down with a decay that
 * halves an old observation's weight every {@code decay} of time. The cost of a backend is that estimate
 * times (requests in flight + 1) divided by its effective weight, and the pick is the cheaper of two
 * random candidates. A backend with no sample yet costs nothing, so new backends are tried rather than
 * starved. A failed exchange counts as a sample of {@link #FAILURE_PENALTY_NANOS}.
 */
final class LeastLatencyAlgorithm implements Algorithm {

    static final long FAILURE_PENALTY_NANOS = 1_000_000_000L;
    private static final double DECAY_NANOS = 10_000_000_000.0;

    private final Map<BackendState, PeakEwma> estimates = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    LeastLatencyAlgorithm() {
        this(System::nanoTime);
    }

    /** With a clock of its own, so tests can let time pass. */
    LeastLatencyAlgorithm(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public BackendState pick(RequestContext request, List<BackendState> candidates) {
        return TwoChoices.pick(candidates, this::cost);
    }

    private double cost(BackendState backend) {
        PeakEwma estimate = estimates.get(backend);
        double latency = estimate == null ? 0 : estimate.value();
        return latency * (backend.inFlight() + 1) / backend.effectiveWeight();
    }

    @Override
    public void onExchangeComplete(BackendState backend, ExchangeOutcome outcome) {
        if (outcome.kind() == ExchangeOutcome.Kind.CANCELLED) {
            return; // the client left: says nothing about the backend
        }
        long sample = outcome.isSuccess() ? outcome.latency().toNanos() : FAILURE_PENALTY_NANOS;
        estimates.computeIfAbsent(backend, b -> new PeakEwma()).observe(sample, nanoClock.getAsLong());
    }

    @Override
    public void onBackendRemoved(BackendState backend) {
        estimates.remove(backend);
    }

    /** Latency estimate in nanoseconds for {@code backend}, or 0 with no sample yet (for tests and status). */
    double estimateNanos(BackendState backend) {
        PeakEwma estimate = estimates.get(backend);
        return estimate == null ? 0 : estimate.value();
    }

    @Override
    public String toString() {
        return "least-latency";
    }

    /** One backend's estimate; samples arrive from any event loop. */
    private static final class PeakEwma {
        private double value;
        private long updatedAt;
        private boolean seeded;

        synchronized void observe(long sampleNanos, long now) {
            if (!seeded || sampleNanos > value) {
                value = sampleNanos;
                seeded = true;
            } else {
                double weightOfOld = Math.pow(0.5, (now - updatedAt) / DECAY_NANOS);
                value = value * weightOfOld + sampleNanos * (1 - weightOfOld);
            }
            updatedAt = now;
        }

        synchronized double value() {
            return value;
        }
    }
}
