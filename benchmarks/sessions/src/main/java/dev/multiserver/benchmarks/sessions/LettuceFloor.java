package dev.multiserver.benchmarks.sessions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;

/** The floor's round trips through Lettuce, as multiserver-redis makes them: one shared connection, sync calls. */
final class LettuceFloor implements FloorRedis {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String saveSha;

    LettuceFloor(String uri) {
        client = RedisClient.create(uri);
        connection = client.connect();
        redis = connection.sync();
        saveSha = redis.scriptLoad(SAVE_SCRIPT);
    }

    @Override
    public Map<String, String> hgetall(String key) {
        return redis.hgetall(key);
    }

    @Override
    public void save(String key, String counter, String accessedMillis, String expiresAtMillis) {
        redis.evalsha(saveSha, ScriptOutputType.INTEGER, new String[] {key}, counter, accessedMillis, expiresAtMillis);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
