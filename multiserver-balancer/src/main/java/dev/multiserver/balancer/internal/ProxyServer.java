package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.internal.compression.CompressionPolicy;
import dev.multiserver.balancer.internal.compression.ResponseCompressor;
import dev.multiserver.balancer.internal.tls.BackendSslContext;
import dev.multiserver.balancer.internal.tls.ReloadingSslContext;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running balancer: the listening socket, the event loops, and the way down. Not public API; users
 * hold a {@code LoadBalancer}.
 */
public final class ProxyServer {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ProxyConfig config;
    private final Transport transport = Transport.detect();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ProxyContext proxy;
    private final ActiveHealthChecker healthChecker;
    private final Channel serverChannel;
    private final ReloadingSslContext tls;
    private final BackendSslContext backendTls;
    private final Channel redirectChannel;

    private ProxyServer(ProxyConfig config) throws InterruptedException {
        this.config = config;
        // a bad certificate is the user's to fix: say so before anything is bound
        boolean http2OverTls = config.tls() != null && config.http2();
        this.tls = config.tls() == null ? null : ReloadingSslContext.load(config.tls(), http2OverTls
                ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1));
        // Built even without https backends: one may be added at runtime, and loading trust is file I/O.
        this.backendTls = BackendSslContext.build(config.backendTls(), config.connectTimeout());
        this.bossGroup = transport.newGroup(1, "multiserver-accept");
        this.workerGroup = transport.newGroup(config.ioThreads(), "multiserver-io");
        ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
        UpstreamPools pools = new UpstreamPools(transport, config.connectTimeout(), config.responseTimeout(),
                config.idleTimeout(), backendTls);
        AdmissionQueue admission = new AdmissionQueue(config.maxConcurrentConnections(), config.maxQueuedRequests(),
                config.queueTimeout());
        BalancerMetrics metrics = new BalancerMetrics(admission);
        BackendPool backends = new BackendPool(config.backends(), config.algorithm(), config.slowStart(),
                config.passiveHealthCheck(), new BackendEvents(config.listeners()), metrics, workerGroup,
                pools::evict, config.webSocketDrainGrace());
        this.proxy = new ProxyContext(config, backends, pools, admission, clients, new ShutdownSignal(), metrics,
                new RetryBudget(config.retries()),
                new LocalStage(config.local(), config.responseTimeout(), metrics.registry()),
                config.cache() == null ? null : new EdgeCache(config.cache(), metrics.registry()));
        this.healthChecker = config.healthCheck() == null ? null
                : new ActiveHealthChecker(config.healthCheck(), backends, transport, workerGroup, backendTls);
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLineLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false);
        CompressionPolicy compression = config.compression() == null ? null
                : CompressionPolicy.of(config.compression());
        Http2Pipeline http2 = http2OverTls || (config.tls() == null && config.http2Cleartext())
                ? new Http2Pipeline(proxy, compression) : null;
        long headerTimeout = config.headerTimeout().toNanos();
        long idleTimeout = config.idleTimeout().toNanos();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        clients.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        }
                        if (http2 != null) {
                            ch.pipeline().addLast("h2-or-h1", http2.newNegotiator(tls != null));
                        }
                        RequestTimeouts timeouts = new RequestTimeouts(headerTimeout, idleTimeout);
                        ch.pipeline()
                                .addLast("timeouts", timeouts)
                                .addLast("codec", new ServerCodec(decoder))
                                .addLast("flow", new FlowControlHandler());
                        if (compression != null) {
                            ch.pipeline().addLast(ResponseCompressor.NAME, new ResponseCompressor(compression));
                        }
                        ch.pipeline().addLast("frontend", new FrontendHandler(proxy, timeouts));
                    }
                });
        Channel bound = null;
        try {
            bound = bootstrap.bind(config.bindAddress(), config.port()).sync().channel();
            this.redirectChannel = config.redirectHttpPort() == ProxyConfig.NO_REDIRECT ? null
                    : bindRedirect(((InetSocketAddress) bound.localAddress()).getPort());
        } catch (Exception e) {
            if (bound != null) {
                bound.close().awaitUninterruptibly();
            }
            shutdownGroups();
            throw e;
        }
        this.serverChannel = bound;
        if (tls != null) {
            tls.watch();
        }
        if (healthChecker != null) {
            healthChecker.start();
        }
        log.info("load balancer listening on {}{}{} ({}), {} backend(s), algorithm {}, health checks: {}",
                serverChannel.localAddress(), tls == null ? "" : " with TLS (" + config.tls() + ")",
                http2 == null ? "" : tls == null ? ", HTTP/2 with prior knowledge (h2c)" : ", HTTP/2", transport.name(),
                config.backends().size(), config.algorithm(),
                config.healthCheck() == null ? "passive only" : config.healthCheck());
    }

    private Channel bindRedirect(int httpsPort) throws InterruptedException {
        Channel channel;
        try {
            channel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(10))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpsRedirectHandler(httpsPort));
                    }
                })
                .bind(config.bindAddress(), config.redirectHttpPort()).sync().channel();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty rethrows a bind failure as it is (a checked IOException, sneakily)
            throw new UncheckedIOException("cannot listen on the HTTP redirect port " + config.bindAddress()
                    + ":" + config.redirectHttpPort() + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        log.info("redirecting plain HTTP on {} to https on port {}", channel.localAddress(), httpsPort);
        return channel;
    }

    /** Where the HTTP-to-HTTPS redirect listener is, when there is one. */
    public InetSocketAddress redirectAddress() {
        return redirectChannel == null ? null : (InetSocketAddress) redirectChannel.localAddress();
    }

    /** Loads the TLS certificate files again; false when they cannot be used (the old ones stay). */
    public boolean reloadTls() {
        return tls == null || tls.reload();
    }

    /** Binds and starts serving; fails when the address cannot be bound. */
    public static ProxyServer start(ProxyConfig config) throws InterruptedException {
        return new ProxyServer(config);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public String transportName() {
        return transport.name();
    }

    /** The backends in the pool now. */
    public List<Backend> backends() {
        return proxy.backends().backends();
    }

    public List<BackendStatus> backendStatus() {
        return proxy.backends().status();
    }

    public void addBackend(Backend backend) {
        proxy.backends().add(backend);
    }

    public void removeBackend(Backend backend) {
        proxy.backends().remove(backend);
    }

    /** Takes a backend that is gone out of the pool at once, with a DOWN event that says why. */
    public void removeFailedBackend(Backend backend, String reason) {
        proxy.backends().removeFailed(backend, reason);
    }

    /** Tells {@code listener} (on an event loop) of each backend that active health checks take down. */
    public void onFailingHealthChecks(Consumer<Backend> listener) {
        proxy.backends().onFailingChecks(listener);
    }

    /**
     * Checks once whether {@code backend} answers: the health check's {@code GET} when one is configured,
     * else a TCP connect, within {@code timeout}. Completes with null when it does, else with why not.
     */
    public CompletableFuture<String> probe(Backend backend, Duration timeout) {
        Bootstrap bootstrap = new Bootstrap()
                .group(workerGroup.next())
                .channel(transport.channel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()));
        String path = config.healthCheck() == null ? null : config.healthCheck().path();
        return HealthProbe.check(bootstrap, backendTls, backend, path, timeout);
    }

    public CompletableFuture<Void> drainBackend(Backend backend) {
        return proxy.backends().drain(backend);
    }

    public PrometheusMeterRegistry meterRegistry() {
        return proxy.metrics().registry();
    }

    /** Requests being proxied now, and requests waiting for a permit (maxConcurrentConnections). */
    public int activeExchanges() {
        return proxy.admission().active();
    }

    public int queuedRequests() {
        return proxy.admission().queued();
    }

    /**
     * Stops accepting, closes idle connections, lets exchanges in flight finish within {@code grace},
     * then closes what is left and releases the threads.
     */
    public void stop(Duration grace) {
        proxy.shutdown().startDraining();
        if (healthChecker != null) {
            healthChecker.close();
        }
        serverChannel.close().awaitUninterruptibly();
        if (redirectChannel != null) {
            redirectChannel.close().awaitUninterruptibly();
        }
        if (tls != null) {
            tls.close();
        }
        ChannelGroup clients = proxy.clients();
        clients.forEach(ch -> ch.pipeline().fireUserEventTriggered(ShutdownSignal.DRAIN));
        long deadline = System.nanoTime() + grace.toNanos();
        List<Channel> busy = new ArrayList<>();
        for (Channel ch : List.copyOf(clients)) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                busy.add(ch);
            }
        }
        if (!busy.isEmpty()) {
            log.warn("closing {} connection(s) still busy after the {} ms grace period", busy.size(),
                    grace.toMillis());
            busy.forEach(Channel::close);
            busy.forEach(ch -> ch.closeFuture().awaitUninterruptibly(1, TimeUnit.SECONDS));
        }
        proxy.pools().close();
        if (proxy.edgeCache() != null) {
            proxy.edgeCache().cache().close();
        }
        shutdownGroups();
        log.info("load balancer on {} stopped", serverChannel.localAddress());
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
