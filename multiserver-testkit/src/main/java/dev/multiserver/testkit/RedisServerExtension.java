package dev.multiserver.testkit;

import java.util.List;

/**
 * Runs a real {@code redis-server} on a free loopback port for the tests of a class, without persistence.
 *
 * <pre>{@code
 * class RedisSessionStoreIntegrationTest {
 *     @RegisterExtension
 *     static final RedisServerExtension redis = new RedisServerExtension();
 *
 *     @Test
 *     void reconnectsAfterRedisRestarts() {
 *         var store = RedisSessionStore.of(redis.uri());   // "redis://127.0.0.1:41234"
 *         redis.kill();                                     // simulate a crash
 *         redis.restart();                                  // same port, empty data set
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The server is started with {@code --port P --bind 127.0.0.1 --save "" --appendonly no --protected-mode no}
 * and a temporary {@code --dir}, and counts as started once it answers {@code PING} (and reports the process id
 * we started). Registered on a static field it runs for the whole class; before each test it is started again
 * if an earlier test stopped or killed it. It is stopped after the class, and killed by a JVM shutdown hook if
 * the JVM exits first. A missing binary fails the test with an install hint; the test is never skipped.
 */
public final class RedisServerExtension extends ServerProcessExtension {

    private static final ReadinessProbe PING = new ReadinessProbe(
            "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n", "+PONG\r\n", "process_id:%d\r\n");

    /** Creates the extension; the server starts when JUnit calls it, or on {@link #start()}. */
    public RedisServerExtension() {
        super(new ServerProcess("redis-server", "sudo apt-get install -y redis-server",
                (port, directory) -> List.of(
                        "--port", Integer.toString(port),
                        "--bind", FreePorts.LOOPBACK,
                        "--save", "",
                        "--appendonly", "no",
                        "--protected-mode", "no",
                        "--dir", directory.toString()),
                PING), "redis");
    }
}
