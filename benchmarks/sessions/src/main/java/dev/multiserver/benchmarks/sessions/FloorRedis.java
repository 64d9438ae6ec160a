package dev.multiserver.benchmarks.sessions;

import java.util.Map;

/**
 * The two Redis round trips of the floor contenders, through one client library or another: read a session's hash,
 * then write the counter and the access time and move the expiry in one script.
 */
interface FloorRedis extends AutoCloseable {

    /** Writes {@code attr:n} and {@code meta:accessed} and sets the expiry, atomically. */
    String SAVE_SCRIPT = """
            redis.call('HSET', KEYS[1], 'attr:n', ARGV[1], 'meta:accessed', ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            return 1
            """;

    Map<String, String> hgetall(String key);

    void save(String key, String counter, String accessedMillis, String expiresAtMillis);

    @Override
    void close();
}
