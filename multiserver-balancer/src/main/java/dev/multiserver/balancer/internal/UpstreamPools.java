package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to the backends: one pool per backend and event loop, so a client connection
 * and its upstream connection always share a thread. Idle connections are read from, so a backend
 * closing one is noticed at once, and closed after the idle timeout.
 */
final class UpstreamPools implements AutoCloseable {

    private static final AttributeKey<SimpleChannelPool> POOL = AttributeKey.valueOf(UpstreamPools.class, "pool");
    private static final AttributeKey<Boolean> REUSED = AttributeKey.valueOf(UpstreamPools.class, "reused");
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final AbstractChannelPoolMap<PoolKey, SimpleChannelPool> pools;

    UpstreamPools(Transport transport, Duration connectTimeout, Duration idleTimeout) {
        Bootstrap template = new Bootstrap()
                .channel(transport.channel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        long idleMillis = idleTimeout.toMillis();
        this.pools = new AbstractChannelPoolMap<>() {
            @Override
            protected SimpleChannelPool newPool(PoolKey key) {
                Bootstrap bootstrap = template.clone(key.loop()).remoteAddress(key.backend().address());
                return new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
                    @Override
                    public void channelCreated(Channel ch) {
                        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK_SIZE);
                        ch.pipeline()
                                .addLast("codec", new HttpClientCodec(decoder, false, false))
                                .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                .addLast("upstream", new UpstreamHandler(key.backend()));
                    }

                    @Override
                    public void channelReleased(Channel ch) {
                        // Watch the idle connection: a close by the backend or stray bytes end it now.
                        ch.read();
                    }
                }, ChannelHealthChecker.ACTIVE, true, true);
            }
        };
    }

    /** A connection to {@code backend} on {@code loop}: pooled if one is idle, else newly opened. */
    Future<Channel> acquire(Backend backend, EventLoop loop) {
        SimpleChannelPool pool = pools.get(new PoolKey(backend, loop));
        return pool.acquire().addListener(f -> {
            if (f.isSuccess()) {
                ((Channel) f.getNow()).attr(POOL).set(pool);
            }
        });
    }

    /** Returns a connection whose last exchange ended cleanly, to be reused. */
    void release(Channel channel) {
        channel.attr(REUSED).set(Boolean.TRUE);
        SimpleChannelPool pool = channel.attr(POOL).getAndSet(null);
        if (pool == null) {
            channel.close();
        } else {
            pool.release(channel);
        }
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
        pools.close();
    }

    private record PoolKey(Backend backend, EventLoop loop) {
    }
}
