package dev.multiserver.pubsub;

/** Receives the messages of one topic; see {@link EventChannel} for the threading contract. */
@FunctionalInterface
public interface EventListener {

    /** One message, as published; the array is this listener's own. */
    void onEvent(String topic, byte[] payload);
}
