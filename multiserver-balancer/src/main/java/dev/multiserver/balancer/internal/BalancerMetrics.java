package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;

/** The balancer-wide meters and the registry the admin server's {@code /metrics} serves. */
final class BalancerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter retriesDeniedByBudget;

    BalancerMetrics(AdmissionQueue admission) {
        Gauge.builder("multiserver.requests.active", admission, AdmissionQueue::active)
                .description("Requests being proxied now").register(registry);
        Gauge.builder("multiserver.queue.length", admission, AdmissionQueue::queued)
                .description("Requests waiting for a permit under maxConcurrentConnections").register(registry);
        retriesDeniedByBudget = Counter.builder("multiserver.retries.denied")
                .description("Retries not made because the retry budget was spent").register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    BackendMeters forBackend(TrackedBackend tracked) {
        return new BackendMeters(registry, tracked.backend(), tracked);
    }

    void retried(Backend failed) {
        Counter.builder("multiserver.retries")
                .description("Requests sent to another backend after one failed them")
                .tag("backend", failed.authority()).register(registry).increment();
    }

    void retryDeniedByBudget() {
        retriesDeniedByBudget.increment();
    }

    void healthTransition(Backend backend, BackendStatus.State to) {
        Counter.builder("multiserver.health.transitions")
                .description("Changes of a backend's state")
                .tag("backend", backend.authority())
                .tag("state", to.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
