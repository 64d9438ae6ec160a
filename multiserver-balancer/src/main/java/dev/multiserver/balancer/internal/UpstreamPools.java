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
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to the backends: one Netty {@link SimpleChannelPool} per backend and event
 * loop, so a client connection and its upstream connection always share a thread, and finding the pool
 * is a lookup in the event loop's own map. Idle connections are read from, so a backend closing one is
 * noticed at once, and closed after the idle timeout.
 */
final class UpstreamPools implements AutoCloseable {

    private static final AttributeKey<SimpleChannelPool> POOL = AttributeKey.valueOf(UpstreamPools.class, "pool");
    private static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf(UpstreamPools.class, "reused");
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final Bootstrap template;
    private final long idleMillis;
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
        this.idleMillis = idleTimeout.toMillis();
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
        SimpleChannelPool[] self = new SimpleChannelPool[1];
        self[0] = new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.attr(POOL).set(self[0]);
                HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK_SIZE);
                ch.pipeline()
                        .addLast("codec", new HttpClientCodec(decoder, false, false))
                        .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                        .addLast("upstream", new UpstreamHandler(backend, responseTimeoutNanos));
            }

            @Override
            public void channelReleased(Channel ch) {
                // Watch the idle connection: a close by the backend or stray bytes end it now.
                ch.read();
            }
        }, ChannelHealthChecker.ACTIVE, false, true);
        allPools.add(self[0]);
        return self[0];
    }

    /** Returns a connection whose last exchange ended cleanly, to be reused. */
    void release(Channel channel) {
        SimpleChannelPool pool = channel.attr(POOL).get();
        if (pool == null || !channel.isActive()) {
            channel.close();
            return;
        }
        channel.attr(REUSED).set(Boolean.TRUE);
        pool.release(channel);
    }

    /**
     * Whether the connection served an exchange before. A backend may close an idle connection just as
     * it is reused; such a failure says nothing about the backend, and a safe request can be retried.
     */
    static boolean isReused(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(REUSED).get());
    }

    @Override
    public void close() {
        SimpleChannelPool pool;
        while ((pool = allPools.poll()) != null) {
            pool.close();
        }
    }
}
