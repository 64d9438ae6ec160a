package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.internal.tls.BackendSslContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keep-alive connections to the backends: one Netty {@link SimpleChannelPool} per backend and event
 * loop, so a client connection and its upstream connection always share a thread, and finding the pool
 * is a lookup in the event loop's own map. Idle connections are read from, so a backend closing one is
 * noticed at once, and closed after the idle timeout. A connection to an {@code https://} backend is
 * handed out only once its TLS handshake succeeded; a failed one fails the acquire like a refused connect.
 */
final class UpstreamPools implements AutoCloseable {

    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final Bootstrap template;
    private final BackendSslContext tls;
    private final long idleTimeoutNanos;
    private final long responseTimeoutNanos;
    private final Map<Backend, Queue<LoopPool>> poolsByBackend = new ConcurrentHashMap<>();
    private final FastThreadLocal<Map<Backend, SimpleChannelPool>> poolsOfThisLoop = new FastThreadLocal<>() {
        @Override
        protected Map<Backend, SimpleChannelPool> initialValue() {
            return new HashMap<>();
        }
    };

    UpstreamPools(Transport transport, Duration connectTimeout, Duration responseTimeout, Duration idleTimeout,
            BackendSslContext tls) {
        this.template = new Bootstrap()
                .channel(transport.channel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        this.tls = tls;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.responseTimeoutNanos = responseTimeout.toNanos();
    }

    /** A connection to {@code backend}, pooled if one is idle, else newly opened. Call on {@code loop}. */
    Future<Channel> acquire(Backend backend, EventLoop loop) {
        assert loop.inEventLoop();
        Map<Backend, SimpleChannelPool> pools = poolsOfThisLoop.get();
        SimpleChannelPool pool = pools.get(backend);
        if (pool == null) {
            pool = newPool(backend, loop);
            pools.put(backend, pool);
        }
        return pool.acquire();
    }

    private SimpleChannelPool newPool(Backend backend, EventLoop loop) {
        Bootstrap bootstrap = template.clone(loop).remoteAddress(backend.address());
        SimpleChannelPool pool = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK_SIZE);
                if (backend.secure()) {
                    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), backend));
                }
                ch.pipeline()
                        .addLast("codec", new HttpClientCodec(decoder, false, false))
                        .addLast("upstream", new UpstreamHandler(backend, responseTimeoutNanos, idleTimeoutNanos));
            }

            @Override
            public void channelReleased(Channel ch) {
                // Watch the idle connection: a close by the backend or stray bytes end it now.
                ch.read();
            }
        }, ChannelHealthChecker.ACTIVE, false, true) {
            @Override
            protected ChannelFuture connectChannel(Bootstrap bs) {
                ChannelFuture connect = super.connectChannel(bs);
                return backend.secure() ? handshakeAfter(connect, backend) : connect;
            }
        };
        poolsByBackend.computeIfAbsent(backend, b -> new ConcurrentLinkedQueue<>()).add(new LoopPool(loop, pool));
        return pool;
    }

    /** Completes once {@code connect} and then the TLS handshake succeeded, or fails with the first failure. */
    private static ChannelFuture handshakeAfter(ChannelFuture connect, Backend backend) {
        Channel channel = connect.channel();
        ChannelPromise ready = channel.newPromise();
        connect.addListener(connected -> {
            if (!connected.isSuccess()) {
                ready.tryFailure(connected.cause());
                return;
            }
            BackendSslContext.handshaken(channel, backend).addListener(handshake -> {
                if (handshake.isSuccess()) {
                    ready.trySuccess();
                } else {
                    ready.tryFailure(handshake.cause());
                }
            });
        });
        return ready;
    }

    /** Returns a connection whose last exchange ended cleanly to its pool, to be reused. */
    void release(Backend backend, Channel channel, UpstreamHandler handler) {
        SimpleChannelPool pool = poolsOfThisLoop.get().get(backend);
        if (pool == null || !channel.isActive()) {
            channel.close();
            return;
        }
        handler.markReused();
        pool.release(channel);
    }

    /**
     * Closes the idle connections to a backend that left the pool, on each event loop that has some.
     * Connections busy with an exchange close when it ends, since their pool is gone.
     */
    void evict(Backend backend) {
        Queue<LoopPool> pools = poolsByBackend.remove(backend);
        if (pools == null) {
            return;
        }
        for (LoopPool entry : pools) {
            entry.loop().execute(() -> {
                Map<Backend, SimpleChannelPool> ofLoop = poolsOfThisLoop.get();
                if (ofLoop.get(backend) == entry.pool()) {
                    ofLoop.remove(backend);
                }
                entry.pool().close();
            });
        }
    }

    private record LoopPool(EventLoop loop, SimpleChannelPool pool) {
    }

    @Override
    public void close() {
        for (Backend backend : poolsByBackend.keySet()) {
            Queue<LoopPool> pools = poolsByBackend.remove(backend);
            if (pools != null) {
                pools.forEach(entry -> entry.pool().close());
            }
        }
    }
}
