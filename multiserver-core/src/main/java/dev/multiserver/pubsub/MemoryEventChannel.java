package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(MemoryEventChannel.class);

    private final Map<String, List<MemorySubscription>> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService dispatcher;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemoryEventChannel() {
        dispatcher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "multiserver-memory-events");
            thread.setDaemon(true);
            return thread;
        });
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
        try {
            dispatcher.execute(() -> deliver(topic, copy));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new EventChannelException(URI, "publish to topic '" + topic
                    + "': channel closed", e));
        }
        return CompletableFuture.completedFuture(null);
    }

    private void deliver(String topic, byte[] payload) {
        for (MemorySubscription subscription : subscriptions.getOrDefault(topic, List.of())) {
            subscription.deliver(payload.clone());
        }
    }

    @Override
    public Subscription subscribe(String topic, EventListener listener) {
        Topics.check(topic);
        requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new EventChannelException(URI, "subscribe to topic '" + topic + "': channel closed");
        }
        MemorySubscription subscription = new MemorySubscription(topic, listener);
        subscriptions.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(subscription);
        return subscription;
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
            dispatcher.shutdown();
            subscriptions.clear();
        }
    }

    @Override
    public String toString() {
        return "MemoryEventChannel";
    }

    private final class MemorySubscription implements Subscription {

        private final String topic;
        private final EventListener listener;
        private volatile boolean open = true;

        MemorySubscription(String topic, EventListener listener) {
            this.topic = topic;
            this.listener = listener;
        }

        void deliver(byte[] payload) {
            if (!open) {
                return;
            }
            try {
                listener.onEvent(topic, payload);
            } catch (RuntimeException e) {
                log.warn("{}: a listener of topic '{}' failed; delivery goes on", URI, topic, e);
            }
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void close() {
            open = false;
            List<MemorySubscription> list = subscriptions.get(topic);
            if (list != null) {
                list.remove(this);
            }
        }
    }
}
