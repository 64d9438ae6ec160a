package dev.multiserver.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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
 *
 * <p>{@link #persistent()} makes one that keeps its data across {@link #kill()} and {@link #restart()}.
 *
 * <p>{@link #tls(TestCertificateAuthority)} makes one that also accepts TLS, with a certificate for
 * {@code 127.0.0.1} and {@code localhost} issued by a test CA, on {@link #tlsPort()}; its {@link #uri()} is then
 * {@code rediss://127.0.0.1:TLS_PORT}, and {@link #port()} stays plain text (for the readiness probe, and for tests
 * that look at the data with a plain client).
 */
public final class RedisServerExtension extends ServerProcessExtension {

    private final int tlsPort;
    private final DataDirectory data;

    /** Creates the extension; the server starts when JUnit calls it, or on {@link #start()}. */
    public RedisServerExtension() {
        this(null, 0, null);
    }

    private RedisServerExtension(TestCertificateAuthority.Issued certificate, int tlsPort, DataDirectory data) {
        super(new ServerProcess("redis-server", "sudo apt-get install -y redis-server",
                (port, directory) -> arguments(port, data != null ? data.path() : directory, certificate, tlsPort,
                        data != null), ReadinessProbes.REDIS), "redis");
        this.tlsPort = tlsPort;
        this.data = data;
    }

    /**
     * A server that persists every write before answering ({@code --appendonly yes --appendfsync always}) into a
     * directory that outlives {@link #kill()} and {@link #restart()}, so a server killed and started again has
     * every acknowledged write; the directory is deleted after the class.
     */
    public static RedisServerExtension persistent() {
        return new RedisServerExtension(null, 0, new DataDirectory());
    }

    @Override
    void stopServer() {
        super.stopServer();
        if (data != null) {
            data.delete();
        }
    }

    /**
     * A server that also speaks TLS on {@link #tlsPort()}, presenting a certificate that {@code ca} issued for
     * {@code 127.0.0.1} and {@code localhost}; clients need not present one.
     */
    public static RedisServerExtension tls(TestCertificateAuthority ca) {
        requireNonNull(ca, "ca");
        return new RedisServerExtension(ca.issue(FreePorts.LOOPBACK, "localhost"), FreePorts.allocate(), null);
    }

    /** The TLS port of a {@link #tls} server; it stays the same across restarts. */
    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this redis-server has no TLS port; make it with RedisServerExtension.tls(ca)");
        }
        return tlsPort;
    }

    /** {@code redis://127.0.0.1:PORT}, or {@code rediss://127.0.0.1:TLS_PORT} for a {@link #tls} server. */
    @Override
    public String uri() {
        return tlsPort == 0 ? super.uri() : "rediss://" + host() + ":" + tlsPort;
    }

    private static List<String> arguments(int port, Path directory, TestCertificateAuthority.Issued certificate,
            int tlsPort, boolean persistent) {
        List<String> arguments = new ArrayList<>(List.of(
                "--port", Integer.toString(port),
                "--bind", FreePorts.LOOPBACK,
                "--save", "",
                "--protected-mode", "no",
                "--dir", directory.toString()));
        arguments.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
                : List.of("--appendonly", "no"));
        if (certificate != null) {
            Path certificateFile = directory.resolve("server.pem");
            Path keyFile = directory.resolve("server.key");
            certificate.writeTo(certificateFile, keyFile);
            arguments.addAll(List.of(
                    "--tls-port", Integer.toString(tlsPort),
                    "--tls-cert-file", certificateFile.toString(),
                    "--tls-key-file", keyFile.toString(),
                    "--tls-auth-clients", "no"));
        }
        return arguments;
    }

    /** The data directory of a {@link #persistent()} server, made on its first start. */
    private static final class DataDirectory {

        private Path path;

        synchronized Path path() {
            if (path == null) {
                try {
                    path = Files.createTempDirectory("redis-data-");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot make a data directory for redis-server", e);
                }
            }
            return path;
        }

        synchronized void delete() {
            if (path != null) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + path, e);
                }
                path = null;
            }
        }
    }
}
