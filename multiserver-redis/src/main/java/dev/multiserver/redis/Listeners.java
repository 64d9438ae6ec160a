package dev.multiserver.redis;

import dev.multiserver.pubsub.EventListener;
import dev.multiserver.pubsub.Subscription;
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
 * A channel's listeners by topic, and the one thread that calls them. Messages arrive on Lettuce's event loop (or
 * the stream reader) and are handed to that thread, so a slow listener never holds up the connection, and the
 * single thread keeps each topic's messages in the order they arrived.
 */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(RedisEventChannel.class);

    private final String channelUri;
    private final Map<String, List<Registration>> byTopic = new ConcurrentHashMap<>();
    private final ExecutorService dispatcher;

    Listeners(String channelUri) {
        this.channelUri = channelUri;
        this.dispatcher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "multiserver-redis-events");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers a listener; true when it is the topic's first. */
    synchronized boolean add(Registration registration) {
        List<Registration> list = byTopic.computeIfAbsent(registration.topic(), t -> new CopyOnWriteArrayList<>());
        list.add(registration);
        return list.size() == 1;
    }

    /** Removes a listener; true when the topic has none left (and false when it was removed before). */
    synchronized boolean remove(Registration registration) {
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

    boolean listensTo(String topic) {
        return byTopic.containsKey(topic);
    }

    /** Calls the topic's listeners with the message, later, on the channel's thread. */
    void deliver(String topic, byte[] payload) {
        try {
            dispatcher.execute(() -> call(topic, payload));
        } catch (RejectedExecutionException e) {
            // the channel is closed: nobody listens any more
        }
    }

    private void call(String topic, byte[] payload) {
        List<Registration> list = byTopic.get(topic);
        if (list == null) {
            return;
        }
        for (Registration registration : list) {
            try {
                registration.listener().onEvent(topic, payload.clone());
            } catch (RuntimeException e) {
                log.warn("{}: a listener of topic '{}' failed; delivery goes on", channelUri, topic, e);
            }
        }
    }

    void close() {
        dispatcher.shutdown();
        byTopic.clear();
    }

    /** One listener on one topic; closing it removes it through {@code onClose}, once. */
    static final class Registration implements Subscription {

        private final String topic;
        private final EventListener listener;
        private final Consumer<Registration> onClose;

        Registration(String topic, EventListener listener, Consumer<Registration> onClose) {
            this.topic = topic;
            this.listener = listener;
            this.onClose = onClose;
        }

        EventListener listener() {
            return listener;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void close() {
            onClose.accept(this);
        }
    }
}
