package dev.multiserver.pubsub;

/** A listener's registration on a topic; closing it stops delivery to that listener. */
public interface Subscription extends AutoCloseable {

    /** The topic listened to. */
    String topic();

    /** Stops delivery to the listener; a message already being delivered may still arrive. Idempotent. */
    @Override
    void close();
}
