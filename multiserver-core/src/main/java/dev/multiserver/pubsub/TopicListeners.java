package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For channel implementations: the listeners of one channel by topic, and calling them as {@link EventChannel}'s
 * contract says — one message at a time, in arrival order, each listener with its own copy of the payload, a
 * failing listener logged without stopping delivery, a closed subscription called no more.
 *
 * <pre>{@code
 * TopicListeners listeners = TopicListeners.onOwnThread(uri, "multiserver-redis-events");
 * TopicListeners.Registration registration = listeners.add(topic, listener, this::unsubscribe);
 * if (registration.first()) { ...subscribe to the topic on the server... }
 * // from the connection's thread, for each message:
 * listeners.deliver(topic, payload);
 * }</pre>
 */
public final class TopicListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicListeners.class);

    private final String channelUri;
    private final ExecutorService dispatcher;
    private final Map<String, List<Registration>> byTopic = new ConcurrentHashMap<>();

    private TopicListeners(String channelUri, ExecutorService dispatcher) {
        this.channelUri = requireNonNull(channelUri, "channelUri");
        this.dispatcher = dispatcher;
    }

    /**
     * Listeners called on one thread of their own, so that messages arriving on a connection's I/O thread are never
     * held up by a slow listener.
     */
    public static TopicListeners onOwnThread(String channelUri, String threadName) {
        requireNonNull(threadName, "threadName");
        return new TopicListeners(channelUri, Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Listeners called on the thread that calls {@link #deliver}: for a channel whose reader is its own thread. */
    public static TopicListeners onDeliveringThread(String channelUri) {
        return new TopicListeners(channelUri, null);
    }

    /**
     * Registers a listener. Closing the returned registration calls {@code onClose} once (which usually calls
     * {@link #remove}); {@link Registration#first()} tells whether it is the topic's first listener.
     */
    public synchronized Registration add(String topic, EventListener listener, Consumer<Registration> onClose) {
        requireNonNull(topic, "topic");
        requireNonNull(listener, "listener");
        requireNonNull(onClose, "onClose");
        List<Registration> list = byTopic.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        Registration registration = new Registration(topic, listener, onClose, list.isEmpty());
        list.add(registration);
        return registration;
    }

    /** Removes a registration; true when its topic has no listener left (false when it was removed before). */
    public synchronized boolean remove(Registration registration) {
        List<Registration> list = byTopic.get(registration.topic());
        if (list == null || !list.remove(registration)) {
            return false;
        }
        if (list.isEmpty()) {
            byTopic.remove(registration.topic());
            return true;
        }
        return false;
    }

    /** Whether the topic has a listener. */
    public boolean listensTo(String topic) {
        return byTopic.containsKey(topic);
    }

    /** Calls the topic's listeners with the message: on this channel's own thread, or on this one. */
    public void deliver(String topic, byte[] payload) {
        if (dispatcher == null) {
            call(topic, payload);
            return;
        }
        try {
            dispatcher.execute(() -> call(topic, payload));
        } catch (RejectedExecutionException e) {
            // closed: nobody listens any more
        }
    }

    private void call(String topic, byte[] payload) {
        for (Registration registration : byTopic.getOrDefault(topic, List.of())) {
            if (!registration.open) {
                continue;
            }
            try {
                registration.listener.onEvent(topic, payload.clone());
            } catch (RuntimeException e) {
                log.warn("{}: a listener of topic '{}' failed; delivery goes on", channelUri, topic, e);
            }
        }
    }

    /** Forgets every listener and stops the own thread, if any. */
    @Override
    public void close() {
        if (dispatcher != null) {
            dispatcher.shutdown();
        }
        byTopic.clear();
    }

    /** One listener on one topic. */
    public static final class Registration implements Subscription {

        private final String topic;
        private final EventListener listener;
        private final Consumer<Registration> onClose;
        private final boolean first;
        private volatile boolean open = true;

        private Registration(String topic, EventListener listener, Consumer<Registration> onClose, boolean first) {
            this.topic = topic;
            this.listener = listener;
            this.onClose = onClose;
            this.first = first;
        }

        /** Whether the topic had no listener before this one. */
        public boolean first() {
            return first;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                onClose.accept(this);
            }
        }
    }
}
