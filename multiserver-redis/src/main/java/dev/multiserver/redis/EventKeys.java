package dev.multiserver.redis;

/** The names of a namespace's channels and streams: {@code NAMESPACE:events:TOPIC}. */
final class EventKeys {

    private final String prefix;

    EventKeys(String namespace) {
        this.prefix = namespace + ":events:";
    }

    String key(String topic) {
        return prefix + topic;
    }

    /** The topic of a channel or stream name, or {@code null} when the name is not one of this namespace's. */
    String topic(String key) {
        return key != null && key.startsWith(prefix) ? key.substring(prefix.length()) : null;
    }
}
