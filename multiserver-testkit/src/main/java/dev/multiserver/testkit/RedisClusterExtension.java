package dev.multiserver.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs a Redis Cluster of three {@code redis-server} masters on free loopback ports (no replicas, no persistence)
 * for the tests of a class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisClusterExtension cluster = new RedisClusterExtension();
 *
 * var store = RedisSessionStore.of(cluster.uri());   // "redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3"
 * cluster.kill();                                     // every node crashes
 * cluster.start();                                    // back on the same ports, same cluster, no data
 * }</pre>
 *
 * <p>The nodes split the 16384 slots evenly ({@code CLUSTER ADDSLOTSRANGE}), meet ({@code CLUSTER MEET}), and
 * count as started once every node reports {@code cluster_state:ok}. Their cluster configuration files outlive
 * {@link #kill()}, so nodes started again rejoin the same cluster as crashed nodes would; {@link #stop()} deletes
 * them. The life cycle is otherwise {@link RedisServerExtension}'s.
 */
public final class RedisClusterExtension extends ScopedServerExtension {

    private static final int NODES = 3;
    private static final int SLOTS = 16384;
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private final List<ServerProcess> nodes = new ArrayList<>();
    private Path configDirectory;

    /** Creates the extension; the cluster starts when JUnit calls it, or on {@link #start()}. */
    public RedisClusterExtension() {
        for (int i = 0; i < NODES; i++) {
            nodes.add(new ServerProcess("redis-server", "sudo apt-get install -y redis-server",
                    this::arguments, ReadinessProbes.REDIS));
        }
    }

    private List<String> arguments(int port, Path directory) {
        return List.of(
                "--port", Integer.toString(port),
                "--bind", FreePorts.LOOPBACK,
                "--save", "",
                "--appendonly", "no",
                "--protected-mode", "no",
                "--dir", directory.toString(),
                "--cluster-enabled", "yes",
                "--cluster-config-file", configDirectory().resolve("nodes-" + port + ".conf").toString(),
                "--cluster-node-timeout", "2000");
    }

    private synchronized Path configDirectory() {
        if (configDirectory == null) {
            try {
                configDirectory = Files.createTempDirectory("redis-cluster-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make a directory for the cluster's configuration", e);
            }
        }
        return configDirectory;
    }

    /** The ports of the nodes; they stay the same across {@link #kill()} and {@link #start()}. */
    public List<Integer> ports() {
        return nodes.stream().map(ServerProcess::port).toList();
    }

    /** The cluster's URI: {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String uri() {
        return "redis-cluster://" + ports().stream().map(port -> FreePorts.LOOPBACK + ":" + port)
                .collect(Collectors.joining(","));
    }

    /** Starts the nodes that are not running, forms the cluster if it is new, and waits until it is ok. */
    public synchronized void start() {
        nodes.forEach(ServerProcess::start);
        if ("0".equals(info(nodes.get(0).port(), "cluster_slots_assigned"))) {
            form();
        }
        await().atMost(FORM_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> ports().stream().allMatch(port -> "ok".equals(info(port, "cluster_state"))
                        && Integer.toString(NODES).equals(info(port, "cluster_known_nodes"))));
    }

    private void form() {
        for (int i = 0; i < NODES; i++) {
            int first = i * SLOTS / NODES;
            int last = (i + 1) * SLOTS / NODES - 1;
            RespCall.call(nodes.get(i).port(), "CLUSTER", "ADDSLOTSRANGE", Integer.toString(first),
                    Integer.toString(last));
        }
        for (int i = 1; i < NODES; i++) {
            RespCall.call(nodes.get(0).port(), "CLUSTER", "MEET", FreePorts.LOOPBACK,
                    Integer.toString(nodes.get(i).port()));
        }
    }

    private static String info(int port, String field) {
        for (String line : RespCall.call(port, "CLUSTER", "INFO").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    /** Kills every node (SIGKILL), as a crash would; they keep their cluster configuration for {@link #start()}. */
    public synchronized void kill() {
        nodes.forEach(ServerProcess::kill);
    }

    /** Stops every node and forgets the cluster; the next {@link #start()} forms a new one. */
    public synchronized void stop() {
        nodes.forEach(ServerProcess::stop);
        if (configDirectory != null) {
            try (Stream<Path> files = Files.walk(configDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + configDirectory, e);
            }
            configDirectory = null;
        }
    }

    /** Whether every node is running. */
    public synchronized boolean isRunning() {
        return nodes.stream().allMatch(ServerProcess::isRunning);
    }

    @Override
    void startServer() {
        start();
    }

    @Override
    void stopServer() {
        stop();
    }

    @Override
    public String toString() {
        return "RedisClusterExtension[" + uri() + (isRunning() ? "" : ", stopped") + "]";
    }
}
