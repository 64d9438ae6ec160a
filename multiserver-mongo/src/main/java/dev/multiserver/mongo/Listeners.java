package dev.multiserver.mongo;

import dev.multiserver.pubsub.EventListener;
import dev.multiserver.pubsub.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscriptions of one channel by topic, and the delivery of a message to them. */
final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(MongoEventChannel.class);

    private final String channelUri;
    private final Map<String, List<Registration>> byTopic = new ConcurrentHashMap<>();

    Listeners(String channelUri) {
        this.channelUri = channelUri;
    }

    Subscription add(String topic, EventListener listener) {
        Registration registration = new Registration(topic, listener);
        byTopic.compute(topic, (t, registrations) -> {
            List<Registration> list = registrations != null ? registrations : new CopyOnWriteArrayList<>();
            list.add(registration);
            return list;
        });
        return registration;
    }

    boolean listensTo(String topic) {
        List<Registration> registrations = byTopic.get(topic);
        return registrations != null && !registrations.isEmpty();
    }

    /** Calls every listener of the topic, each with its own copy of the payload. */
    void deliver(String topic, byte[] payload) {
        for (Registration registration : byTopic.getOrDefault(topic, List.of())) {
            registration.deliver(payload.clone());
        }
    }

    void clear() {
        byTopic.clear();
    }

    private final class Registration implements Subscription {

        private final String topic;
        private final EventListener listener;
        private volatile boolean open = true;

        Registration(String topic, EventListener listener) {
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
                log.warn("{}: a listener of topic '{}' failed; delivery goes on", channelUri, topic, e);
            }
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public void close() {
            open = false;
            byTopic.computeIfPresent(topic, (t, registrations) -> {
                registrations.remove(this);
                return registrations.isEmpty() ? null : registrations;
            });
        }
    }
}
