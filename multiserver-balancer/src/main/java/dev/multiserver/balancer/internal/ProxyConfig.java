package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.algorithm.Algorithm;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of a balancer, validated by {@code LoadBalancerBuilder} and immutable from then on.
 * Not public API: users configure through the builder, the CLI or YAML.
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
        int ioThreads) {

    public ProxyConfig {
        backends = List.copyOf(backends);
    }
}
