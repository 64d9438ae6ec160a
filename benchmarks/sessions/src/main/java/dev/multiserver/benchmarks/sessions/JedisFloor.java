package dev.multiserver.benchmarks.sessions;

import java.net.URI;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * The floor's round trips through Jedis: a pool of blocking connections, as many as the application has request
 * threads, each call made on the request's own thread (a write, then a blocking read), with no hand-off to an I/O
 * thread.
 */
final class JedisFloor implements FloorRedis {

    /** Jetty's default maximum of request threads: no request waits for a connection. */
    private static final int CONNECTIONS = 200;

    private final RedisClient redis;
    private final String saveSha;

    JedisFloor(String uri) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(CONNECTIONS);
        pool.setMaxIdle(CONNECTIONS);
        redis = RedisClient.builder().fromURI(URI.create(uri)).poolConfig(pool).build();
        saveSha = redis.scriptLoad(SAVE_SCRIPT);
    }

    @Override
    public Map<String, String> hgetall(String key) {
        return redis.hgetAll(key);
    }

    @Override
    public void save(String key, String counter, String accessedMillis, String expiresAtMillis) {
        redis.evalsha(saveSha, List.of(key), List.of(counter, accessedMillis, expiresAtMillis));
    }

    @Override
    public void close() {
        redis.close();
    }
}
