package dev.multiserver.pubsub;

import java.util.concurrent.CompletableFuture;

/**
 * Publish/subscribe on named topics across every instance of an application: what one instance publishes reaches
 * the listeners of every instance subscribed to that topic, including its own.
 *
 * <pre>{@code
 * EventChannel channel = EventChannels.open("redis://10.0.0.5:6379");
 * Subscription subscription = channel.subscribe("chat", (topic, payload) -> show(payload));
 * channel.publish("chat", "hello".getBytes(UTF_8)).join();
 * subscription.close();
 * channel.close();
 * }</pre>
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>Messages of one publisher on one topic reach each listener in the order they were published.</li>
 *   <li>A listener is called on a thread of the channel, one message at a time, and must return quickly: hand slow
 *       work to another thread. An exception from a listener is logged and does not stop delivery.</li>
 *   <li>When the server is unreachable, {@link #publish} fails within the channel's timeout with an
 *       {@link EventChannelException} naming the channel; the channel reconnects by itself and restores its
 *       subscriptions, and what it then delivers is what {@link #delivery()} promises.</li>
 *   <li>Topics are 1 to 200 characters without control characters; payloads at most {@link #MAX_PAYLOAD_BYTES}.</li>
 * </ul>
 */
public interface EventChannel extends AutoCloseable {

    /** The largest payload a channel accepts: 1 MiB. */
    int MAX_PAYLOAD_BYTES = 1 << 20;

    /**
     * Publishes a message to every subscriber of the topic. The future completes when the channel's server has
     * accepted the message, or exceptionally with an {@link EventChannelException} (unreachable, timed out, closed).
     *
     * @throws IllegalArgumentException when the topic is malformed or the payload larger than
     *                                  {@link #MAX_PAYLOAD_BYTES}
     */
    CompletableFuture<Void> publish(String topic, byte[] payload);

    /**
     * Calls the listener with every message published to the topic from now on, until the subscription is closed.
     * The subscription is in place when this method returns: a message published afterwards reaches it.
     *
     * @throws EventChannelException when the subscription cannot be made (server unreachable, channel closed)
     */
    Subscription subscribe(String topic, EventListener listener);

    /** What a subscriber receives of the messages published while its connection to the server was lost. */
    Delivery delivery();

    /** This channel's URI without credentials, as error messages name it. */
    String uri();

    /** Ends every subscription and releases the connections; publishing afterwards fails. Idempotent. */
    @Override
    void close();
}
