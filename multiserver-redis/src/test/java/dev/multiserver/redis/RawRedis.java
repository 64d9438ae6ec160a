package dev.multiserver.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/** A plain Lettuce client for tests that look under the store, at what Redis holds. */
final class RawRedis implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RawRedis(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
    }

    static RawRedis connect(String uri) {
        return new RawRedis(RedisClient.create(uri));
    }

    RedisCommands<String, String> commands() {
        return connection.sync();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
