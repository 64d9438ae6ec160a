package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendListener;
import dev.multiserver.balancer.Compression;
import dev.multiserver.balancer.RetryPolicy;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import dev.multiserver.balancer.internal.route.LocalHandling;
import dev.multiserver.balancer.tls.BackendTls;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.cache.ResponseCache;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a balancer, validated by {@code LoadBalancerBuilder} and immutable from then on.
 * Not public API: users configure through the builder, the CLI or YAML. {@code cache} is null without an
 * edge cache.
 */
public record ProxyConfig(
        String bindAddress,
        int port,
        List<Backend> backends,
        Algorithm algorithm,
        int maxConcurrentConnections,
        int maxQueuedRequests,
        Duration queueTimeout,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration headerTimeout,
        Duration idleTimeout,
        Duration shutdownGracePeriod,
        int maxRequestLineLength,
        int maxHeaderSize,
        boolean forwardedHeader,
        int ioThreads,
        HealthCheck healthCheck,
        PassiveHealthCheck passiveHealthCheck,
        Duration slowStart,
        RetryPolicy retries,
        List<BackendListener> listeners,
        int adminPort,
        String adminBindAddress,
        String adminToken,
        Workers workers,
        ServerTls tls,
        int redirectHttpPort,
        Duration webSocketIdleTimeout,
        Duration webSocketDrainGrace,
        BackendTls backendTls,
        Compression compression,
        LocalHandling local,
        boolean http2,
        boolean http2Cleartext,
        int maxConcurrentStreams,
        ResponseCache cache) {

    /** {@code redirectHttpPort} when there is no redirect listener. */
    public static final int NO_REDIRECT = -1;

    /** {@code adminPort} when there is no admin server. */
    public static final int NO_ADMIN = -1;

    public ProxyConfig {
        backends = List.copyOf(backends);
        listeners = List.copyOf(listeners);
    }
}
