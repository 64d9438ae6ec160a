package dev.multiserver.redis;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.TopicListeners;
import java.util.concurrent.CompletableFuture;

/**
 * How a {@link RedisEventChannel} moves messages through Redis: pub/sub or streams. It hands what arrives to the
 * {@link TopicListeners} it was made with, and is told which topics to listen to.
 */
interface EventTransport {

    /** Completes when Redis has accepted the message. */
    CompletableFuture<Void> publish(String topic, byte[] payload);

    /** Starts listening to a topic; completes once a message published afterwards will be received. */
    CompletableFuture<Void> listen(String topic);

    /** Stops listening to a topic; best effort. */
    void stopListening(String topic);

    Delivery delivery();

    /** Releases what the transport holds besides the connector's client, which the channel closes. */
    void close();
}
