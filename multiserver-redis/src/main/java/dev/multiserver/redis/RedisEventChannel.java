package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.pubsub.EventListener;
import dev.multiserver.pubsub.Subscription;
import dev.multiserver.pubsub.TopicListeners;
import dev.multiserver.pubsub.Topics;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link EventChannel} through Redis, with Lettuce: a single server ({@code redis://}, {@code rediss://} for
 * TLS) or a Redis Cluster ({@code redis-cluster://}).
 *
 * <pre>{@code
 * EventChannel channel = RedisEventChannel.of("redis://10.0.0.5:6379");                // pub/sub
 * EventChannel replaying = RedisEventChannel.builder("redis://10.0.0.5:6379?mode=streams")
 *         .options(EventChannelOptions.defaults().withRetention(50_000, Duration.ofMinutes(10)))
 *         .build();
 * }</pre>
 *
 * <p>Two modes, chosen by the URI's {@code ?mode=} or {@link RedisEventChannelBuilder#mode}:
 * <ul>
 *   <li>{@code pubsub} (the default): Redis pub/sub on the channel {@code NAMESPACE:events:TOPIC}, sharded
 *       ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7 or later) on a cluster. Fast, and nothing is stored; a node
 *       whose connection drops misses what is published until it has reconnected and subscribed again, which it
 *       does by itself ({@link Delivery#AT_MOST_ONCE}).</li>
 *   <li>{@code streams}: each topic is the stream {@code NAMESPACE:events:TOPIC}, kept to the options'
 *       {@code retainedEvents} (approximately) and {@code retention}; each node reads from where it stopped, so
 *       after a reconnect it receives once, in order, what it missed, as long as the stream still holds it
 *       ({@link Delivery#REPLAY_AFTER_RECONNECT}). Single server only.</li>
 * </ul>
 *
 * <p>The channel connects on first use. While Redis is unreachable a publish fails at once (or within the
 * options' timeout, 2 s by default) with an {@link EventChannelException}; Lettuce reconnects by itself.
 */
public final class RedisEventChannel implements EventChannel {

    /** How a channel moves messages through Redis; see {@link RedisEventChannel}. */
    public enum Mode {
        /** Redis pub/sub, sharded on a cluster: at most once. */
        PUBSUB,
        /** Redis Streams: what a node missed while disconnected is replayed, within the retention. */
        STREAMS
    }

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String uri;
    private final Duration timeout;
    private final RedisConnector<byte[]> connector;
    private final TopicListeners listeners;
    private final EventTransport transport;
    private final Map<String, CompletableFuture<Void>> listening = new HashMap<>();
    private boolean closed;

    RedisEventChannel(RedisEventChannelBuilder.Settings settings) {
        RedisStoreUri base = settings.uri();
        this.uri = base + (settings.mode() == Mode.STREAMS ? "?mode=streams" : "");
        this.timeout = settings.options().timeout();
        this.connector = new RedisConnector<>(base, timeout, settings.trustedCertificates(), CODEC);
        this.listeners = TopicListeners.onOwnThread(uri, "multiserver-redis-events");
        EventKeys keys = new EventKeys(settings.options().namespace());
        this.transport = settings.mode() == Mode.STREAMS
                ? new StreamTransport(uri, connector, keys, listeners, settings.options())
                : new PubSubTransport(connector, keys, listeners);
    }

    /**
     * A channel at this URI ({@code ?mode=streams} for streams) with {@link
     * dev.multiserver.pubsub.EventChannelOptions#defaults()}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisEventChannel of(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder for a channel at {@code redis://[user:password@]host[:port][/db][?mode=pubsub|streams]},
     * {@code rediss://…} or {@code redis-cluster://host:port,host:port}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     */
    public static RedisEventChannelBuilder builder(String uri) {
        requireNonNull(uri, "uri");
        return new RedisEventChannelBuilder(ChannelUri.parse(uri));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        Topics.check(topic);
        // Lettuce encodes the array later, on its own thread: the caller may reuse it at once
        byte[] copy = Topics.checkPayload(payload).clone();
        String operation = "publish to topic '" + topic + "'";
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new EventChannelException(uri, operation + " failed: closed"));
            }
        }
        CompletableFuture<Void> published;
        try {
            published = transport.publish(topic, copy);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        return published.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((done, error) -> {
            if (error != null) {
                throw failure(operation, error);
            }
            return null;
        });
    }

    @Override
    public Subscription subscribe(String topic, EventListener listener) {
        Topics.check(topic);
        requireNonNull(listener, "listener");
        String operation = "subscribe to topic '" + topic + "'";
        TopicListeners.Registration registration;
        CompletableFuture<Void> ready;
        synchronized (this) {
            if (closed) {
                throw new EventChannelException(uri, operation + " failed: closed");
            }
            registration = listeners.add(topic, listener, this::unsubscribe);
            ready = listening.get(topic);
            if (ready == null || ready.isCompletedExceptionally()) {
                ready = transport.listen(topic);
                listening.put(topic, ready);
            }
        }
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return registration;
        } catch (ExecutionException e) {
            unsubscribe(registration);
            throw failure(operation, e.getCause());
        } catch (TimeoutException e) {
            unsubscribe(registration);
            throw failure(operation, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unsubscribe(registration);
            throw new EventChannelException(uri, operation + " was interrupted", e);
        }
    }

    private synchronized void unsubscribe(TopicListeners.Registration registration) {
        if (listeners.remove(registration) && !closed) {
            listening.remove(registration.topic());
            transport.stopListening(registration.topic());
        }
    }

    private EventChannelException failure(String operation, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof EventChannelException channelFailure) {
            return channelFailure;
        }
        if (cause instanceof TimeoutException) {
            return new EventChannelException(uri, operation + " failed: timed out after " + timeout.toMillis() + " ms");
        }
        return new EventChannelException(uri, operation + " failed: " + RedisCalls.describe(cause), cause);
    }

    @Override
    public Delivery delivery() {
        return transport.delivery();
    }

    @Override
    public String uri() {
        return uri;
    }

    /** Ends every subscription, closes the connections and stops the channel's threads; waits a few seconds at most. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listening.clear();
        }
        transport.close();
        connector.close();
        listeners.close();
    }

    @Override
    public String toString() {
        return "RedisEventChannel(" + uri + ")";
    }
}
