package dev.multiserver.cli.balance;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.LoadBalancerBuilder;
import dev.multiserver.balancer.RetryPolicy;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import dev.multiserver.balancer.tls.ServerTls;
import dev.multiserver.balancer.worker.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code balance} is told — by the config file, then the environment, then the flags — on its
 * way to the {@link LoadBalancerBuilder}. Plain settings go to the builder at once. A setting the
 * library takes as one value made of several keys (an algorithm and its options, a {@link HealthCheck},
 * a {@link RetryPolicy}, the admin server's port, address and token, the {@link Workers}, the
 * {@link ServerTls}, the {@link dev.multiserver.balancer.tls.BackendTls}, the {@code Compression}) is
 * gathered part by part, each part remembering where it came from, and handed to the builder by
 * {@link #build()}: a later source overrides single parts, and the library still
 * validates every value.
 */
final class BalanceSettings {

    private final LoadBalancerBuilder builder = LoadBalancer.builder();
    private final AlgorithmSettings algorithm = new AlgorithmSettings();
    private final HealthSettings health = new HealthSettings();
    private final PassiveHealthSettings passiveHealth = new PassiveHealthSettings();
    private final RetrySettings retries = new RetrySettings();
    private final AdminSettings admin = new AdminSettings();
    private final WorkerSettings workers = new WorkerSettings();
    private final CompressionSettings compression = new CompressionSettings();
    private final CacheSettings cache = new CacheSettings();
    private final TlsSettings tls;
    private final BackendTlsSettings backendTls = new BackendTlsSettings();
    private final LocalSettings local = new LocalSettings();
    private final Http2Settings http2 = new Http2Settings();
    private Duration slowStart = Duration.ZERO;

    /** {@code environment} gives the values of the variables that settings name (the TLS passwords). */
    BalanceSettings(Function<String, String> environment) {
        this.tls = new TlsSettings(environment);
    }

    LoadBalancerBuilder builder() {
        return builder;
    }

    AlgorithmSettings algorithm() {
        return algorithm;
    }

    HealthSettings health() {
        return health;
    }

    PassiveHealthSettings passiveHealth() {
        return passiveHealth;
    }

    RetrySettings retries() {
        return retries;
    }

    AdminSettings admin() {
        return admin;
    }

    WorkerSettings workers() {
        return workers;
    }

    TlsSettings tls() {
        return tls;
    }

    BackendTlsSettings backendTls() {
        return backendTls;
    }

    CompressionSettings compression() {
        return compression;
    }

    CacheSettings cache() {
        return cache;
    }

    LocalSettings local() {
        return local;
    }

    Http2Settings http2() {
        return http2;
    }

    void slowStart(Duration window, Origin origin) {
        origin.accept(window, builder::slowStart);
        slowStart = window;
    }

    /**
     * A balancer with every setting, and what --check shows of them: one line per setting that is
     * made of parts.
     *
     * @throws RuntimeException a usage error naming the flag, key or variable of a wrong value
     */
    Built build() {
        Optional<Workers> chosenWorkers = workers.resolve();
        chosenWorkers.ifPresent(builder::workers);
        String chosenAlgorithm = algorithm.applyTo(builder);
        HealthCheck activeCheck = health.resolve().orElse(null);
        if (activeCheck != null) {
            builder.healthCheck(activeCheck);
        }
        PassiveHealthCheck passiveCheck = passiveHealth.resolve();
        builder.passiveHealthCheck(passiveCheck);
        RetryPolicy retryPolicy = retries.resolve();
        builder.retries(retryPolicy);
        String adminServer = admin.applyTo(builder);
        Optional<ServerTls> chosenTls = tls.applyTo(builder);
        String backendTrust = backendTls.applyTo(builder);
        String chosenCompression = compression.applyTo(builder);
        String chosenCache = cache.applyTo(builder);
        List<String> localHandling = local.applyTo(builder, chosenTls.isPresent());
        String chosenHttp2 = http2.applyTo(builder, chosenTls.isPresent());
        LoadBalancer balancer = builder.build();
        List<String> summary = new ArrayList<>(WorkerSettings.describe(chosenWorkers));
        summary.addAll(List.of(
                "algorithm: " + chosenAlgorithm,
                "health checks: " + (activeCheck == null ? "off" : activeCheck),
                "passive health checks: " + passiveCheck,
                "slow start: " + (slowStart.isZero() ? "off" : slowStart.toMillis() + " ms"),
                "retries: " + (retryPolicy.maxAttempts() == 1 ? "off" : retryPolicy),
                "admin server: " + adminServer,
                backendTrust));
        summary.addAll(tls.describe(chosenTls));
        summary.add("http2: " + chosenHttp2);
        summary.add("compression: " + chosenCompression);
        summary.add("edge cache: " + chosenCache);
        summary.addAll(localHandling);
        return new Built(balancer, chosenWorkers, chosenTls, List.copyOf(summary));
    }

    /** A balancer, not started, the workers it will start, its TLS, and a description of its settings. */
    record Built(LoadBalancer balancer, Optional<Workers> workers, Optional<ServerTls> tls, List<String> summary) {
    }
}
