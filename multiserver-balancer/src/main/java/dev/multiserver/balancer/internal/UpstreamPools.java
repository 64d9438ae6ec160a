package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
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
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keep-alive connections to the backends: one Netty {@link SimpleChannelPool} per backend and event
 * loop, so a client connection and its upstream connection always share a thread, and finding the pool
 * is a lookup in the event loop's own map. Idle connections are read from, so a backend closing one is
 * noticed at once, and closed after the idle timeout.
 */
final class UpstreamPools implements AutoCloseable {

    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final Bootstrap template;
    private final long idleTimeoutNanos;
    private final long responseTimeoutNanos;
    private final Queue<SimpleChannelPool> allPools = new ConcurrentLinkedQueue<>();
    private final FastThreadLocal<Map<Backend, SimpleChannelPool>> poolsOfThisLoop = new FastThreadLocal<>() {
        @Override
        protected Map<Backend, SimpleChannelPool> initialValue() {
            return new HashMap<>();
        }
    };

    UpstreamPools(Transport transport, Duration connectTimeout, Duration responseTimeout, Duration idleTimeout) {
        this.template = new Bootstrap()
                .channel(transport.channel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
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
                ch.pipeline()
                        .addLast("codec", new HttpClientCodec(decoder, false, false))
                        .addLast("upstream", new UpstreamHandler(backend, responseTimeoutNanos, idleTimeoutNanos));
            }

            @Override
            public void channelReleased(Channel ch) {
                // Watch the idle connection: a close by the backend or stray bytes end it now.
                ch.read();
            }
        }, ChannelHealthChecker.ACTIVE, false, true);
        allPools.add(pool);
        return pool;
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

    @Override
    public void close() {
        SimpleChannelPool pool;
        while ((pool = allPools.poll()) != null) {
            pool.close();
        }
    }
}
