package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import dev.multiserver.cli.Main;
import dev.multiserver.testkit.TestCertificateAuthority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.OptionSpec;

class BalanceCommandTest {

    private static final String HINT = "Run 'multiserver balance --help' for usage.";
    private static final String BACKEND = "http://127.0.0.1:9001";

    @Test
    void helpDocumentsEveryFlagAndConfigKeyAndExitsZero() {
        Cli.Result result = Cli.run("balance", "--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("--config", "--port", "--bind", "--backend", "--algorithm",
                "--max-connections", "--max-queued", "--queue-timeout", "--connect-timeout", "--timeout",
                "--header-timeout", "--idle-timeout", "--shutdown-grace", "--max-request-line",
                "--max-header-size", "--[no-]forwarded", "--io-threads", "--check", "250ms, 5s, 2m, 1h",
                "--websocket-idle-timeout", "--websocket-drain-grace",
                "--spawn", "--workers", "--worker-start-timeout", "--worker-stop-grace", "--worker-backoff",
                "--worker-max-backoff", "--worker-crash-loop-limit", "--worker-stable-after", "--worker-log-dir",
                "--worker-dir", "--worker-env",
                "--health-path", "--health-interval", "--health-timeout", "--health-rise", "--health-fall",
                "--eject-after", "--eject-time", "--max-eject-time", "--slow-start", "--retries", "--retry-budget",
                "--retry-max-body", "64KiB, 1MiB", "--sticky-cookie", "--sticky-app-cookie", "--hash-key",
                "sticky-session", "consistent-hash", "--[no-]admin", "--admin-port", "--admin-bind", "--admin-token",
                "MULTISERVER_ADMIN_TOKEN", "--tls-cert", "--tls-key", "--tls-key-password-env", "--tls-keystore",
                "--tls-keystore-password-env", "--self-signed", "--tls-reload-interval", "--redirect-http", "SIGHUP",
                "--backend-ca", "https://host:port");
        for (String key : BalanceConfig.KEYS) {
            assertThat(result.out()).contains("  " + key + ":");
        }
    }

    @Test
    void everySettingsHelpStatesItsDefault() {
        Set<String> notSettings = Set.of("--config", "--check", "--help", "--version");
        List<OptionSpec> options = Main.commandLine().getSubcommands().get("balance").getCommandSpec().options();

        assertThat(options).hasSizeGreaterThan(15);
        for (OptionSpec option : options) {
            if (!notSettings.contains(option.longestName())) {
                assertThat(String.join(" ", option.description())).as(option.longestName()).contains("Default: ");
            }
        }
    }

    @Test
    void checkAcceptsEveryFlagAndExitsZeroWithoutStarting(@TempDir Path dir) {
        Path ca = TestCertificateAuthority.create("test CA").writeCertificate(dir.resolve("ca.pem"));
        Cli.Result result = Cli.run("balance", "--check", "--port", "0", "--bind", "127.0.0.1",
                "--backend", BACKEND, "--backend", "http://127.0.0.1:9002", "--algorithm", "consistent-hash",
                "--hash-key", "header:X-User",
                "--max-connections", "100", "--max-queued", "10", "--queue-timeout", "250ms",
                "--connect-timeout", "PT2S", "--timeout", "2m", "--header-timeout", "10s", "--idle-timeout", "1h",
                "--shutdown-grace", "0s", "--max-request-line", "4096", "--max-header-size", "8192", "--forwarded",
                "--io-threads", "1", "--websocket-idle-timeout", "10m", "--websocket-drain-grace", "5s",
                "--health-path", "/health", "--health-interval", "1s", "--health-timeout", "1s",
                "--health-rise", "1", "--health-fall", "2", "--eject-after", "4", "--eject-time", "1s",
                "--max-eject-time", "1m", "--slow-start", "10s", "--retries", "2", "--retry-budget", "0.1",
                "--retry-max-body", "8KiB", "--admin-port", "0", "--admin-bind", "::1", "--admin-token", "0123456789",
                "--spawn", "java -jar app.jar --port {port}", "--workers", "2", "--worker-start-timeout", "5s",
                "--worker-stop-grace", "0s", "--worker-backoff", "100ms", "--worker-max-backoff", "2s",
                "--worker-crash-loop-limit", "3", "--worker-stable-after", "1m", "--worker-log-dir", "/var/log/app",
                "--worker-dir", "/srv/app", "--worker-env", "APP_ENV=production", "--tls-cert", "/etc/tls/chain.pem",
                "--tls-key", "/etc/tls/key.pem", "--tls-reload-interval", "1m", "--redirect-http", "8080",
                "--backend-ca", ca.toString(),
                "--compress", "--compress-min-size", "2KiB", "--compress-types", "text/*,+json", "--no-compress-brotli",
                "--compress-gzip-level", "5", "--compress-brotli-quality", "3",
                "--max-concurrent-streams", "200", "--cache", "--cache-size", "64MiB",
                "--cache-max-object-size", "1MiB");

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "balance: settings are valid; 2 backend(s): http://127.0.0.1:9001, http://127.0.0.1:9002 and "
                        + "2 worker(s) running `java -jar app.jar --port {port}`",
                "  workers: 2 running `java -jar app.jar --port {port}` in /srv/app, output to "
                        + "/var/log/app/worker-N.log, environment: APP_ENV",
                "  worker lifecycle: start timeout 5000 ms, stop grace 0 ms, respawn backoff 100 ms up to 2000 ms, "
                        + "crash-loop limit 3, stable after 60000 ms",
                "  algorithm: consistent-hash(header:X-User)",
                "  health checks: GET /health every 1000 ms (timeout 1000 ms, rise 1, fall 2)",
                "  passive health checks: eject after 4 failures for 1000 ms (up to 60000 ms)",
                "  slow start: 10000 ms",
                "  retries: up to 2 attempts, budget 0.1 of requests + 10/s, bodies up to 8192 bytes",
                "  admin server: [::1]:0 (a free port), token from --admin-token",
                "  backend tls: https backends verified against CA bundle " + ca + " (1 certificate(s)) instead of "
                        + "the JVM's trust store",
                "  tls: PEM certificate chain /etc/tls/chain.pem, key /etc/tls/key.pem, reloaded on SIGHUP or when "
                        + "its files change (checked every 60000 ms)",
                "  http redirect: port 8080 to https",
                "  http2: h2 or http/1.1, as each client chooses by ALPN; at most 200 concurrent streams per "
                        + "connection",
                "  compression: gzip level 5, bodies of 2048+ bytes of text/*, +json",
                "  edge cache: on, 65536 KiB in memory, objects up to 1024 KiB, every GET and HEAD as its headers "
                        + "allow");
    }

    @Test
    void aBackendFlagMayCarryAWeight() {
        Cli.Result result = Cli.run("balance", "--check", "--backend", BACKEND + "#weight=3",
                "--backend", "http://127.0.0.1:9002");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("2 backend(s): http://127.0.0.1:9001 (weight 3), http://127.0.0.1:9002");
    }

    @Test
    void forwardedCanBeTurnedOff() {
        Cli.Result result = Cli.run("balance", "--check", "--backend", BACKEND, "--no-forwarded");

        assertThat(result.status()).isZero();
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of("--port", "70000", "Invalid value for option '--port': 70000 (expected: 0-65535)"),
                Arguments.of("--port", "-1", "Invalid value for option '--port': -1 (expected: 0-65535)"),
                Arguments.of("--port", "abc", "Invalid value for option '--port': 'abc' is not an int"),
                Arguments.of("--bind", " ", "Invalid value for option '--bind': ' '"),
                Arguments.of("--algorithm", "least-surprise", "Invalid value for option '--algorithm': "
                        + "'least-surprise' is not a built-in algorithm (consistent-hash, least-connections, least-latency, "
                        + "round-robin, sticky-session) nor a class name"),
                Arguments.of("--algorithm", "com.example.Missing", "Invalid value for option '--algorithm': "
                        + "class 'com.example.Missing' is not on the class path"),
                Arguments.of("--max-connections", "-1", "Invalid value for option '--max-connections': -1"),
                Arguments.of("--max-queued", "-1", "Invalid value for option '--max-queued': -1"),
                Arguments.of("--queue-timeout", "5x", "Invalid value for option '--queue-timeout': "
                        + "'5x' is not a duration (expected e.g. 250ms, 5s, 2m)"),
                Arguments.of("--connect-timeout", "0s", "Invalid value for option '--connect-timeout': "),
                Arguments.of("--timeout", "-1s", "Invalid value for option '--timeout': '-1s' is negative"),
                Arguments.of("--header-timeout", "", "Invalid value for option '--header-timeout': "
                        + "'' is not a duration"),
                Arguments.of("--idle-timeout", "0ms", "Invalid value for option '--idle-timeout': "),
                Arguments.of("--shutdown-grace", "soon", "Invalid value for option '--shutdown-grace': "
                        + "'soon' is not a duration"),
                Arguments.of("--max-request-line", "10", "Invalid value for option '--max-request-line': 10"),
                Arguments.of("--max-header-size", "10", "Invalid value for option '--max-header-size': 10"),
                Arguments.of("--io-threads", "0", "Invalid value for option '--io-threads': 0"),
                Arguments.of("--backend", "ftp://127.0.0.1:1", "Invalid value for option '--backend': "
                        + "'ftp://127.0.0.1:1' has scheme ftp"),
                Arguments.of("--backend", BACKEND, "Invalid value for option '--backend': " + BACKEND
                        + " is listed twice"),
                Arguments.of("--backend", "http://127.0.0.1:9002#wieght=2", "Invalid value for option '--backend': "
                        + "'http://127.0.0.1:9002#wieght=2': unknown option 'wieght' after # (known: weight)"),
                Arguments.of("--backend", "http://127.0.0.1:9002#weight=0", "Invalid value for option '--backend': "
                        + "'http://127.0.0.1:9002#weight=0': weight 0 (expected: 1-1000)"),
                Arguments.of("--backend", "http://127.0.0.1:9002#weight=two", "Invalid value for option "
                        + "'--backend': 'http://127.0.0.1:9002#weight=two': weight 'two' is not a whole number"),
                Arguments.of("--health-path", "health", "Invalid value for option '--health-path': 'health' "
                        + "(expected: an absolute path such as /health, without spaces or control characters)"),
                Arguments.of("--health-path", "/a b", "Invalid value for option '--health-path': '/a b'"),
                Arguments.of("--health-interval", "often", "Invalid value for option '--health-interval': "
                        + "'often' is not a duration"),
                Arguments.of("--health-fall", "x", "Invalid value for option '--health-fall': 'x' is not an int"),
                Arguments.of("--eject-after", "-1", "Invalid value for option '--eject-after': -1 (expected: 0 to "
                        + "turn ejection off, or a number of failures)"),
                Arguments.of("--eject-after", "1001", "Invalid value for option '--eject-after': 1001 "
                        + "(expected: 1-1000)"),
                Arguments.of("--eject-time", "0s", "Invalid value for option '--eject-time': PT0S "
                        + "(expected: >= 1 ms)"),
                Arguments.of("--max-eject-time", "5s", "Invalid value for option '--max-eject-time': PT5S "
                        + "(expected: >= ejectionTime PT10S)"),
                Arguments.of("--slow-start", "2h", "Invalid value for option '--slow-start': PT2H "
                        + "(expected: 0 to 1 hour)"),
                Arguments.of("--slow-start", "-1s", "Invalid value for option '--slow-start': '-1s' is negative"),
                Arguments.of("--retries", "0", "Invalid value for option '--retries': 0 (expected: 1-10)"),
                Arguments.of("--retries", "11", "Invalid value for option '--retries': 11 (expected: 1-10)"),
                Arguments.of("--retry-budget", "1.5", "Invalid value for option '--retry-budget': 1.5 "
                        + "(expected: 0-1)"),
                Arguments.of("--retry-budget", "NaN", "Invalid value for option '--retry-budget': NaN "
                        + "(expected: 0-1)"),
                Arguments.of("--retry-budget", "20%", "Invalid value for option '--retry-budget': '20%' is not a "
                        + "double"),
                Arguments.of("--retry-max-body", "64KB", "Invalid value for option '--retry-max-body': '64KB' is "
                        + "not a size (expected e.g. 65536, 64KiB, 1MiB)"),
                Arguments.of("--retry-max-body", "-1", "Invalid value for option '--retry-max-body': '-1' is "
                        + "negative"),
                Arguments.of("--retry-max-body", "17MiB", "Invalid value for option '--retry-max-body': 17825792 "
                        + "(expected: 0-16777216)"),
                Arguments.of("--admin-port", "70000", "Invalid value for option '--admin-port': 70000 "
                        + "(expected: 0-65535)"),
                Arguments.of("--admin-port", "x", "Invalid value for option '--admin-port': 'x' is not an int"),
                Arguments.of("--admin-bind", " ", "Invalid value for option '--admin-bind': ' ' (expected: a host "
                        + "name or address)"),
                Arguments.of("--admin-token", "short", "Invalid value for option '--admin-token': (expected: 8 or "
                        + "more visible ASCII characters, no spaces)"),
                Arguments.of("--tls-reload-interval", "10", "Invalid value for option '--tls-reload-interval': '10' "
                        + "is not a duration"),
                Arguments.of("--redirect-http", "x", "Invalid value for option '--redirect-http': 'x' is not an "
                        + "int"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badFlags")
    void aBadFlagIsOneLineNamingItAndAHintWithStatus2(String flag, String value, String message) {
        List<String> args = new ArrayList<>(List.of("balance", "--check", "--backend", BACKEND));
        args.add(flag + "=" + value);

        Cli.Result result = Cli.run(args.toArray(String[]::new));

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).startsWith(message);
        assertThat(result.errLines().get(1)).isEqualTo(HINT);
    }

    @Test
    void atLeastOneBackendOrASpawnCommandIsRequired() {
        Cli.Result result = Cli.run("balance", "--port", "0");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly("balance: at least one --backend or a --spawn command (or "
                + "backends: or workers: in the config) is required", HINT);
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        Cli.Result result = Cli.run("balance", "--backend", BACKEND, "--prot", "1");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("Unknown option").contains("--prot").endsWith(HINT + System.lineSeparator());
    }
}
