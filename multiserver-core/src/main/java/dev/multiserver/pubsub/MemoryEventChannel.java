package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel inside one JVM, for instances (in-process workers, tests) that share this object. Listeners are called
 * on one thread of the channel, in publish order; nothing is ever lost while the channel is open.
 *
 * <pre>{@code
 * MemoryEventChannel channel = MemoryEventChannel.create();
 * ClusterHub first = ClusterHub.builder(channel).build();
 * ClusterHub second = ClusterHub.builder(channel).build();    // a broadcast on one reaches the other
 * }</pre>
 */
public final class MemoryEventChannel implements EventChannel {

    static final String URI = "memory:";

    private final TopicListeners listeners = TopicListeners.onOwnThread(URI, "multiserver-memory-events");
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemoryEventChannel() {
    }

    /** A new channel, separate from every other. */
    public static MemoryEventChannel create() {
        return new MemoryEventChannel();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        Topics.check(topic);
        byte[] copy = Topics.checkPayload(payload).clone();
        if (closed.get()) {
            return CompletableFuture.failedFuture(new EventChannelException(URI, "publish to topic '" + topic
                    + "': channel closed"));
        }
        listeners.deliver(topic, copy);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String topic, EventListener listener) {
        Topics.check(topic);
        requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new EventChannelException(URI, "subscribe to topic '" + topic + "': channel closed");
        }
        return listeners.add(topic, listener, listeners::remove);
    }

    @Override
    public Delivery delivery() {
        return Delivery.AT_MOST_ONCE;
    }

    @Override
    public String uri() {
        return URI;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            listeners.close();
        }
    }

    @Override
    public String toString() {
        return "MemoryEventChannel";
    }
}
