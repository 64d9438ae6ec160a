package dev.multiserver.balancer;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.internal.ProxyConfig;
import dev.multiserver.balancer.internal.ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

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
     */
    public LoadBalancer start() {
        synchronized (lifecycle) {
            if (server != null || stopped) {
                throw new IllegalStateException("load balancer on port " + config.port() + " was already started");
            }
            try {
                server = ProxyServer.start(config);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + config.bindAddress() + ":"
                        + config.port(), e);
            } catch (Exception e) {
                // Netty rethrows the bind failure as it is (a checked IOException, sneakily).
                String address = config.bindAddress() + ":" + config.port();
                throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
            return this;
        }
    }

    /** The port it listens on (useful after {@code port(0)}). */
    public int port() {
        return localAddress().getPort();
    }

    public InetSocketAddress localAddress() {
        return running().localAddress();
    }

    /** The configured backends. */
    public List<Backend> backends() {
        return config.backends();
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
        if (toStop != null) {
            toStop.stop(grace);
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
