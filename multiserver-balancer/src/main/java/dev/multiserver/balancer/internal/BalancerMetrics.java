package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.BackendStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The balancer-wide meters and the registry the admin server's {@code /metrics} serves. */
final class BalancerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter retriesDeniedByBudget;
    private final Counter http2Connections;
    private final Counter http2Streams;

    BalancerMetrics(AdmissionQueue admission) {
        Gauge.builder("multiserver.requests.active", admission, AdmissionQueue::active)
                .description("Requests being proxied now").register(registry);
        Gauge.builder("multiserver.queue.length", admission, AdmissionQueue::queued)
                .description("Requests waiting for a permit under maxConcurrentConnections").register(registry);
        retriesDeniedByBudget = Counter.builder("multiserver.retries.denied")
                .description("Retries not made because the retry budget was spent").register(registry);
        http2Connections = Counter.builder("multiserver.http2.connections")
                .description("Client connections that spoke HTTP/2").register(registry);
        http2Streams = Counter.builder("multiserver.http2.streams")
                .description("HTTP/2 streams clients opened (one request each)").register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    BackendMeters forBackend(TrackedBackend tracked) {
        return new BackendMeters(registry, tracked.backend(), tracked);
    }

    /** {@code failed} failed a request, which went to another backend. */
    void retried(TrackedBackend failed) {
        failed.meters().retried();
    }

    void retryDeniedByBudget() {
        retriesDeniedByBudget.increment();
    }

    void http2ConnectionOpened() {
        http2Connections.increment();
    }

    void http2StreamOpened() {
        http2Streams.increment();
    }

    void healthTransition(TrackedBackend backend, BackendStatus.State to) {
        backend.meters().healthTransition(to);
    }
}
