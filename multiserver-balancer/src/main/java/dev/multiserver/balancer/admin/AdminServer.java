package dev.multiserver.balancer.admin;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.internal.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin server of a running {@link LoadBalancer}: a small HTTP/1.1 JSON API on its own port and its own
 * event-loop thread, built on the balancer's public API only. The balancer starts and stops it when
 * {@code adminPort} is set; see {@code docs/ADMIN.md} for the endpoints.
 *
 * <pre>{@code
 * LoadBalancer lb = LoadBalancer.builder()
 *         .port(8080).backend("http://127.0.0.1:9001")
 *         .adminPort(9090)                  // on 127.0.0.1 unless adminBindAddress says otherwise
 *         .adminToken(System.getenv("MULTISERVER_ADMIN_TOKEN"))
 *         .build().start();
 * // curl -H "Authorization: Bearer $MULTISERVER_ADMIN_TOKEN" http://127.0.0.1:9090/status.json
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final EventLoopGroup group;
    private final ChannelGroup connections;
    private final Channel serverChannel;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AdminServer(EventLoopGroup group, ChannelGroup connections, Channel serverChannel) {
        this.group = group;
        this.connections = connections;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code bindAddress:port} (0 for a free port) and serves the admin API for {@code balancer}.
     *
     * @param token when not {@code null}, required of every request as {@code Authorization: Bearer token}
     * @throws IOException naming the address when it cannot be bound
     */
    public static AdminServer start(LoadBalancer balancer, String bindAddress, int port, String token)
            throws Exception {
        requireNonNull(balancer, "balancer");
        requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("adminPort: " + port + " (expected: 0-65535)");
        }
        String address = bindAddress + ":" + port;
        InetSocketAddress local = new InetSocketAddress(bindAddress, port);
        if (local.isUnresolved()) {
            throw new IOException("cannot listen on " + address + ": unknown host");
        }
        BearerToken bearer = BearerToken.of(token);
        AdminHandler handler = new AdminHandler(new AdminRoutes(balancer), bearer);
        Transport transport = Transport.detect();
        EventLoopGroup group = transport.newGroup(1, "multiserver-admin");
        ChannelGroup connections = new DefaultChannelGroup("admin-connections", GlobalEventExecutor.INSTANCE);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(8192)
                                        .setMaxHeaderSize(16384)))
                                .addLast("keepAlive", new HttpServerKeepAliveHandler())
                                .addLast("aggregator", new AdminRequestAggregator(MAX_BODY))
                                .addLast("admin", handler);
                    }
                })
                .bind(local)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            shutdown(group);
            Throwable cause = bound.cause();
            throw new IOException("cannot listen on " + address + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        }
        AdminServer server = new AdminServer(group, connections, bound.channel());
        InetSocketAddress listening = server.localAddress();
        log.info("admin server listening on {} ({}){}", listening, transport.name(),
                bearer.required() ? ", token required" : "");
        if (!bearer.required() && !listening.getAddress().isLoopbackAddress()) {
            log.warn("admin server on {} is reachable beyond this host without a token; set adminToken", listening);
        }
        return server;
    }

    /** Where it listens (the real port after {@code port 0}). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every admin connection and waits briefly for its thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean onOwnThread = serverChannel.eventLoop().inEventLoop();
        serverChannel.close();
        connections.close();
        if (onOwnThread) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        } else {
            shutdown(group);
        }
        log.info("admin server on {} stopped", serverChannel.localAddress());
    }

    private static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "AdminServer{" + serverChannel.localAddress() + "}";
    }
}
