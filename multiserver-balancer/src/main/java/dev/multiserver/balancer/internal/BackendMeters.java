package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The Micrometer meters of one backend: requests by status (or failure), a latency timer that feeds both
 * the Prometheus histogram and the p50/p99 of {@code status.json}, gauges for in-flight requests, open WebSockets and health, and
 * counters of its health transitions and of the retries it caused. Removed from the registry when the
 * backend leaves the pool, and never registered again after that, even by an exchange still in flight.
 */
final class BackendMeters {

    private final MeterRegistry registry;
    private final String backendTag;
    private final Timer latency;
    private final Map<Object, Counter> requestsByStatus = new ConcurrentHashMap<>();
    // Guarded by this set's lock.
    private final Set<Meter> meters = new HashSet<>();
    private boolean removed;

    BackendMeters(MeterRegistry registry, Backend backend, TrackedBackend tracked) {
        this.registry = registry;
        this.backendTag = backend.authority();
        this.latency = Timer.builder("multiserver.backend.latency")
                .description("Time from sending a request head to a backend to receiving its response head")
                .tag("backend", backendTag)
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        meters.add(latency);
        meters.add(gauge("multiserver.backend.in.flight", "Requests with the backend now", tracked,
                TrackedBackend::inFlight));
        meters.add(gauge("multiserver.backend.websockets", "WebSocket connections open with the backend now",
                tracked, TrackedBackend::webSockets));
        meters.add(gauge("multiserver.backend.up", "1 when the backend takes requests, 0 when down or draining",
                tracked, t -> t.healthy() ? 1 : 0));
    }

    private Gauge gauge(String name, String description, TrackedBackend tracked,
            ToDoubleFunction<TrackedBackend> value) {
        return Gauge.builder(name, tracked, value).description(description).tag("backend", backendTag)
                .register(registry);
    }

    void record(ExchangeOutcome outcome) {
        Object status = outcome.status() > 0 ? Integer.valueOf(outcome.status()) : outcome.kind();
        Counter counter = requestsByStatus.get(status);
        if (counter == null) {
            String value = status instanceof Integer ? status.toString()
                    : status.toString().toLowerCase(Locale.ROOT);
            counter = register(Counter.builder("multiserver.requests")
                    .description("Exchanges with backends by backend and response status (or how they failed)")
                    .tag("status", value));
            if (counter == null) {
                return;
            }
            requestsByStatus.putIfAbsent(status, counter);
        }
        counter.increment();
        if (outcome.kind() == ExchangeOutcome.Kind.RESPONDED) {
            latency.record(outcome.latency());
        }
    }

    void healthTransition(State to) {
        increment(Counter.builder("multiserver.health.transitions")
                .description("Changes of a backend's state")
                .tag("state", to.name().toLowerCase(Locale.ROOT)));
    }

    /** A request this backend failed went to another one. */
    void retried() {
        increment(Counter.builder("multiserver.retries")
                .description("Requests sent to another backend after one failed them"));
    }

    private void increment(Counter.Builder builder) {
        Counter counter = register(builder);
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * Registers (or finds) a counter of this backend; null once the backend left the pool, so that its
     * series stay gone from the scrape.
     */
    private Counter register(Counter.Builder builder) {
        synchronized (meters) {
            if (removed) {
                return null;
            }
            Counter counter = builder.tag("backend", backendTag).register(registry);
            meters.add(counter);
            return counter;
        }
    }

    /** The median and 99th percentile latency over the recent window, zero without samples. */
    Duration[] percentiles() {
        Duration p50 = Duration.ZERO;
        Duration p99 = Duration.ZERO;
        for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
            Duration d = Duration.ofNanos((long) value.value(TimeUnit.NANOSECONDS));
            if (value.percentile() == 0.5) {
                p50 = d;
            } else if (value.percentile() == 0.99) {
                p99 = d;
            }
        }
        return new Duration[] {p50, p99};
    }

    void remove() {
        synchronized (meters) {
            removed = true;
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
