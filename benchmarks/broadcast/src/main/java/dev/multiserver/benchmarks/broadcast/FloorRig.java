package dev.multiserver.benchmarks.broadcast;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: a raw Redis PUBLISH on one connection and a SUBSCRIBE on another, through Lettuce, with no hub, no
 * WebSocket and no envelope — the one network hop every cross-node message over Redis pub/sub makes.
 */
final class FloorRig implements Rig {

    private static final String CHANNEL = "floor:bench";

    private final LatencyLog latencies = new LatencyLog();
    private final AtomicLong delivered = new AtomicLong();
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    FloorRig(String redisUri) {
        client = RedisClient.create(redisUri);
        publisher = client.connect();
        subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                long age = Message.age(message);
                if (age >= 0) {
                    latencies.record(age);
                }
                delivered.incrementAndGet();
            }
        });
        subscriber.sync().subscribe(CHANNEL);
    }

    @Override
    public Sender sender() {
        return new Sender() {
            @Override
            public void send(String text) {
                publisher.sync().publish(CHANNEL, text);
            }

            @Override
            public void close() {
                // the connections close with the rig
            }
        };
    }

    @Override
    public LatencyLog latencies() {
        return latencies;
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public int receivers() {
        return 1;
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
        client.shutdown();
    }
}
