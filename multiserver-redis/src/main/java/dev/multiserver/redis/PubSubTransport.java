package dev.multiserver.redis;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.TopicListeners;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;

/**
 * Redis pub/sub: {@code PUBLISH} and {@code SUBSCRIBE} on a single server, sharded {@code SPUBLISH} and
 * {@code SSUBSCRIBE} on a cluster (so a message goes only to the node that owns its channel's slot). Lettuce
 * subscribes again by itself after a reconnect; what was published meanwhile is lost to this node.
 */
final class PubSubTransport implements EventTransport {

    private final RedisConnector<byte[]> connector;
    private final EventKeys keys;
    private final TopicListeners listeners;
    private CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> subscriber;

    PubSubTransport(RedisConnector<byte[]> connector, EventKeys keys, TopicListeners listeners) {
        this.connector = connector;
        this.keys = keys;
        this.listeners = listeners;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        String key = keys.key(topic);
        return connector.connection()
                .thenCompose(connection -> connector.cluster()
                        ? connection.commands().spublish(key, payload)
                        : connection.commands().publish(key, payload))
                .thenApply(receivers -> null);
    }

    @Override
    public CompletableFuture<Void> listen(String topic) {
        String key = keys.key(topic);
        return subscriber().thenCompose(connection -> {
            if (connection instanceof StatefulRedisClusterPubSubConnection<String, byte[]> cluster) {
                // a shard channel lives on the node owning its slot; that node's connection subscribes again
                // after it reconnects, and passes its messages on to the cluster connection's listener
                RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
                return cluster.getConnectionAsync(owner.getNodeId())
                        .thenCompose(node -> node.async().ssubscribe(key));
            }
            return connection.async().subscribe(key).toCompletableFuture();
        });
    }

    @Override
    public void stopListening(String topic) {
        String key = keys.key(topic);
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> current;
        synchronized (this) {
            current = subscriber;
        }
        if (current == null || !current.isDone() || current.isCompletedExceptionally()) {
            return;
        }
        StatefulRedisPubSubConnection<String, byte[]> connection = current.join();
        if (connection instanceof StatefulRedisClusterPubSubConnection<String, byte[]> cluster) {
            RedisClusterNode owner = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            cluster.getConnectionAsync(owner.getNodeId()).thenAccept(node -> node.async().sunsubscribe(key));
        } else {
            connection.async().unsubscribe(key);
        }
    }

    /** The one pub/sub connection, made on the first subscription, or again if the last attempt failed. */
    private synchronized CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> subscriber() {
        if (subscriber == null || subscriber.isCompletedExceptionally()) {
            subscriber = connector.connectPubSub().thenApply(this::deliverMessages);
        }
        return subscriber;
    }

    private StatefulRedisPubSubConnection<String, byte[]> deliverMessages(
            StatefulRedisPubSubConnection<String, byte[]> connection) {
        if (connection instanceof StatefulRedisClusterPubSubConnection<String, byte[]> cluster) {
            cluster.setNodeMessagePropagation(true);
            cluster.addListener(new RedisClusterPubSubAdapter<String, byte[]>() {
                @Override
                public void smessage(RedisClusterNode node, String channel, byte[] message) {
                    deliver(channel, message);
                }
            });
        } else {
            connection.addListener(new RedisPubSubAdapter<String, byte[]>() {
                @Override
                public void message(String channel, byte[] message) {
                    deliver(channel, message);
                }
            });
        }
        return connection;
    }

    private void deliver(String channel, byte[] message) {
        String topic = keys.topic(channel);
        if (topic != null) {
            listeners.deliver(topic, message);
        }
    }

    @Override
    public Delivery delivery() {
        return Delivery.AT_MOST_ONCE;
    }

    @Override
    public void close() {
        // the client's shutdown closes the pub/sub connection with the others
    }
}
