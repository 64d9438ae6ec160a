package dev.multiserver.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a real {@code memcached} on a free loopback port for the tests of a class.
 *
 * <pre>{@code
 * class MemcachedSessionStoreIntegrationTest {
 *     @RegisterExtension
 *     static final MemcachedServerExtension memcached = new MemcachedServerExtension();
 *
 *     @Test
 *     void storesSessions() {
 *         var store = MemcachedSessionStore.of(memcached.uri());   // "memcached://127.0.0.1:41234"
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The server is started with {@code -l 127.0.0.1 -p P -U 0 -m 64} (plus {@code -u root} when the tests run as
 * root, which memcached otherwise refuses) and counts as started once it answers {@code version} and
 * {@code stats} reports the process id we started. The life cycle is the same as {@link RedisServerExtension}'s:
 * per class on a static field, started again before a test if an earlier one stopped or killed it, a shutdown
 * hook as last resort, and a failure with an install hint when the binary is missing.
 */
public final class MemcachedServerExtension extends ServerProcessExtension {

    private static final ReadinessProbe VERSION =
            new ReadinessProbe("version\r\nstats\r\n", "VERSION ", "STAT pid %d\r\n");

    /** Creates the extension; the server starts when JUnit calls it, or on {@link #start()}. */
    public MemcachedServerExtension() {
        this(List.of());
    }

    private MemcachedServerExtension(List<String> extraArguments) {
        super(new ServerProcess("memcached", "sudo apt-get install -y memcached",
                (port, directory) -> arguments(port, extraArguments), VERSION), "memcached");
    }

    /**
     * A server whose item size limit is {@code bytes} ({@code -I}) instead of memcached's 1 MiB, for stores that
     * keep larger items.
     */
    public static MemcachedServerExtension withMaxItemSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 1024)");
        }
        return new MemcachedServerExtension(List.of("-I", Integer.toString(bytes)));
    }

    private static List<String> arguments(int port, List<String> extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "-l", FreePorts.LOOPBACK, "-p", Integer.toString(port), "-U", "0", "-m", "64"));
        arguments.addAll(extraArguments);
        if ("root".equals(System.getProperty("user.name"))) {
            arguments.addAll(List.of("-u", "root"));
        }
        return arguments;
    }
}
