package dev.multiserver.balancer;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.admin.AdminServer;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.internal.ProxyConfig;
import dev.multiserver.balancer.internal.ProxyServer;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.balancer.internal.worker.WorkerSupervisor;
import dev.multiserver.balancer.worker.WorkerException;
import dev.multiserver.balancer.worker.WorkerStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A load balancer: an HTTP/1.1 server that streams each request to one of its backends and the
 * response back.
 *
 * <pre>{@code
 * try (LoadBalancer lb = LoadBalancer.builder()
 *         .port(8080)
 *         .backend("http://127.0.0.1:9001")
 *         .backend("http://127.0.0.1:9002")
 *         .build()
 *         .start()) {
 *     lb.awaitStop();
 * }
 * }</pre>
 *
 * <p>{@link #close()} drains: it stops accepting, lets requests in flight finish within the shutdown
 * grace period, then closes what is left.
 */
public final class LoadBalancer implements AutoCloseable {

    private final ProxyConfig config;
    private volatile ProxyServer server;
    private volatile AdminServer admin;
    private volatile WorkerSupervisor workers;
    private Thread workerReaper;
    private final Object lifecycle = new Object();
    private boolean stopped;

    LoadBalancer(ProxyConfig config) {
        this.config = config;
    }

    public static LoadBalancerBuilder builder() {
        return new LoadBalancerBuilder();
    }

    /**
     * Binds the port and starts serving. Returns this balancer.
     *
     * @throws IllegalStateException when already started or stopped
     * @throws UncheckedIOException naming the address when it cannot be bound
     * @throws IllegalArgumentException naming the file when the TLS certificate or key cannot be used
     * @throws dev.multiserver.balancer.worker.WorkerException when a worker cannot be started (everything
     *     started is stopped again)
     */
    public LoadBalancer start() {
        synchronized (lifecycle) {
            if (server != null || stopped) {
                throw new IllegalStateException("load balancer on port " + config.port() + " was already started");
            }
            startServers();
            if (config.workers() == null) {
                return this;
            }
            try {
                workers = WorkerSupervisor.create(config.workers());
            } catch (RuntimeException e) {
                stop(Duration.ZERO);
                throw e;
            }
            workerReaper = new Thread(this::close, "multiserver-stop-workers");
            Runtime.getRuntime().addShutdownHook(workerReaper);
        }
        awaitWorkers(workers);
        return this;
    }

    private void startServers() {
        try {
            server = ProxyServer.start(config);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + config.bindAddress() + ":"
                    + config.port(), e);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw e; // a certificate that cannot be used, or the redirect port: the message says which
        } catch (Exception e) {
            throw cannotListen(config.bindAddress() + ":" + config.port(), e);
        }
        if (config.adminPort() != ProxyConfig.NO_ADMIN) {
            startAdmin();
        }
    }

    /** Waits until the first instance of every worker answers; stops everything when one cannot. */
    private void awaitWorkers(WorkerSupervisor supervisor) {
        try {
            supervisor.start(server).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new WorkerException("interrupted while waiting for the workers to start", e);
        } catch (ExecutionException e) {
            stop(Duration.ZERO);
            Throwable cause = e.getCause();
            throw cause instanceof WorkerException w ? w
                    : new WorkerException("the workers could not start: " + cause.getMessage(), cause);
        }
    }

    private void startAdmin() {
        try {
            admin = AdminServer.start(this, config.adminBindAddress(), config.adminPort(), config.adminToken());
        } catch (Exception e) {
            server.stop(Duration.ZERO);
            server = null;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw cannotListen("admin server " + config.adminBindAddress() + ":" + config.adminPort(), e);
        }
    }

    private static UncheckedIOException cannotListen(String what, Exception e) {
        // Netty rethrows a bind failure as it is (a checked IOException, sneakily).
        return new UncheckedIOException("cannot listen on " + what + ": " + e.getMessage(),
                e instanceof IOException io ? io : new IOException(e));
    }

    /** The port it listens on (useful after {@code port(0)}). */
    public int port() {
        return localAddress().getPort();
    }

    public InetSocketAddress localAddress() {
        return running().localAddress();
    }

    /** The backends in the pool now, in the order they joined. */
    public List<Backend> backends() {
        ProxyServer s = server;
        return s == null ? config.backends() : s.backends();
    }

    /** The algorithm that picks a backend per request. */
    public Algorithm algorithm() {
        return config.algorithm();
    }

    /** A snapshot of every backend in the pool: state, requests in flight, counts and latencies. */
    public List<BackendStatus> backendStatus() {
        return running().backendStatus();
    }

    /**
     * Adds a backend to the running pool. It gets requests at once (ramping up over the slow-start window
     * if one is set) and health checks from the next interval.
     *
     * @throws IllegalArgumentException when a backend with that address is already in the pool
     */
    public void addBackend(Backend backend) {
        requireNonNull(backend, "backend");
        running().addBackend(backend);
    }

    /**
     * Removes a backend at once: it gets no new requests; requests already with it finish.
     *
     * @throws NoSuchElementException when no backend with that address is in the pool
     */
    public void removeBackend(Backend backend) {
        requireNonNull(backend, "backend");
        running().removeBackend(backend);
    }

    /**
     * Drains a backend: it gets no new requests and leaves the pool when those with it finish. The future
     * completes then.
     *
     * @throws NoSuchElementException when no backend with that address is in the pool
     */
    public CompletableFuture<Void> drainBackend(Backend backend) {
        requireNonNull(backend, "backend");
        return running().drainBackend(backend);
    }

    /**
     * The balancer's metrics (requests by backend and status, latency histograms, in flight, queue
     * length, health transitions, retries), which the admin server's {@code /metrics} serves.
     */
    /** The edge cache given to {@link LoadBalancerBuilder#cache}, if any: to purge it, or read its metrics. */
    public Optional<ResponseCache> cache() {
        return Optional.ofNullable(config.cache());
    }

    public PrometheusMeterRegistry meterRegistry() {
        return running().meterRegistry();
    }

    /** Where the plain-HTTP redirect listener is, when {@code redirectHttpFrom} was set. */
    public Optional<InetSocketAddress> redirectAddress() {
        return Optional.ofNullable(running().redirectAddress());
    }

    /**
     * Loads the TLS certificate files again now, instead of at the next check; connections already open
     * keep theirs. Returns false, and keeps the current certificate, when the files cannot be used (the
     * log says why). Does nothing without TLS.
     */
    public boolean reloadTls() {
        return running().reloadTls();
    }

    /** Where the admin server listens, when one was configured. */
    public Optional<InetSocketAddress> adminAddress() {
        AdminServer a = admin;
        return a == null ? Optional.empty() : Optional.of(a.localAddress());
    }

    /** A snapshot of every worker (empty without {@link LoadBalancerBuilder#workers workers}). */
    public List<WorkerStatus> workers() {
        WorkerSupervisor w = workers;
        return w == null ? List.of() : w.status();
    }

    /**
     * Replaces every worker, one at a time: starts a replacement, waits until it answers, then drains and
     * stops the old one, so no request fails. The future fails with a {@link WorkerException} when a
     * replacement does not come up (the old instance keeps serving), and at once with an
     * {@link IllegalStateException} when another restart or scale is in progress.
     */
    public CompletableFuture<Void> restartWorkers() {
        return supervisor().restart();
    }

    /**
     * Replaces one worker, e.g. {@code worker-2}, as {@link #restartWorkers()} replaces each; a worker that is
     * down (crashed, or given up on) is started again at once. The future fails as {@link #restartWorkers()}'s.
     *
     * @throws java.util.NoSuchElementException naming {@code id} when no worker has it
     * @throws IllegalStateException when the balancer runs no workers, or another restart or scale is in progress
     */
    public CompletableFuture<Void> restartWorker(String id) {
        requireNonNull(id, "id");
        return supervisor().restart(id);
    }

    /**
     * Starts or stops workers until {@code count} run (1-256); the ones stopped are drained first. The
     * future completes when the new workers answer or the old ones have ended.
     */
    public CompletableFuture<Void> scaleWorkers(int count) {
        return supervisor().scale(count);
    }

    private WorkerSupervisor supervisor() {
        running();
        WorkerSupervisor w = workers;
        if (w == null) {
            throw new IllegalStateException("this load balancer runs no workers (configure them with "
                    + "LoadBalancerBuilder.workers)");
        }
        return w;
    }

    /** Requests being proxied now. */
    public int activeRequests() {
        return running().activeExchanges();
    }

    /** Requests waiting for a permit under {@code maxConcurrentConnections}. */
    public int queuedRequests() {
        return running().queuedRequests();
    }

    /** Drains with the configured grace period; see {@link #stop(Duration)}. */
    @Override
    public void close() {
        stop(config.shutdownGracePeriod());
    }

    /**
     * Stops accepting connections, closes idle ones, waits up to {@code grace} for requests in flight,
     * then closes the rest. Calling it again does nothing.
     */
    public void stop(Duration grace) {
        requireNonNull(grace, "grace");
        ProxyServer toStop;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            toStop = server;
            lifecycle.notifyAll();
        }
        AdminServer adminToStop = admin;
        if (adminToStop != null) {
            adminToStop.close();
        }
        if (toStop != null) {
            toStop.stop(grace);
        }
        WorkerSupervisor workersToStop = workers;
        if (workersToStop != null) {
            workersToStop.stop();
            removeReaper();
        }
    }

    private void removeReaper() {
        if (workerReaper != null && Thread.currentThread() != workerReaper) {
            try {
                Runtime.getRuntime().removeShutdownHook(workerReaper);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs, or already ran, and finds us stopped
            }
        }
    }

    /** Blocks until {@link #stop} or {@link #close} is called from another thread. */
    public void awaitStop() throws InterruptedException {
        synchronized (lifecycle) {
            while (!stopped) {
                lifecycle.wait();
            }
        }
    }

    private ProxyServer running() {
        ProxyServer s = server;
        if (s == null) {
            throw new IllegalStateException("load balancer is not started");
        }
        return s;
    }

    @Override
    public String toString() {
        ProxyServer s = server;
        return "LoadBalancer{" + (s == null ? "port " + config.port() : s.localAddress()) + ", backends="
                + config.backends() + "}";
    }
}
