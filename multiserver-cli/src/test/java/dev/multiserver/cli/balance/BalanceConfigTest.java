package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BalanceConfigTest {

    private static final String HINT = "Run 'multiserver balance --help' for usage.";

    @TempDir
    Path dir;

    @Test
    void acceptsTheDocumentedExample() throws IOException {
        Path config = write("""
                port: 8080
                bind: 0.0.0.0
                backends:
                  - http://127.0.0.1:9001
                  - url: http://127.0.0.1:9002
                    weight: 3
                maxConnections: 100
                maxQueued: 1024
                queueTimeout: 5s
                connectTimeout: 2s
                timeout: 30s
                headerTimeout: 10s
                idleTimeout: 60s
                shutdownGrace: 10s
                maxRequestLine: 8192
                maxHeaderSize: 16384
                forwarded: false
                ioThreads: 2
                webSocketIdleTimeout: 10m
                webSocketDrainGrace: 5s
                algorithm: round-robin
                """);

        Cli.Result result = Cli.run("balance", "--check", "--config", config.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("2 backend(s): http://127.0.0.1:9001, http://127.0.0.1:9002 (weight 3)");
    }

    @Test
    void aBackendItemMayCarryAWeightInItsFragment() throws IOException {
        Path config = write("backends:\n  - http://127.0.0.1:9001#weight=4\n  - http://127.0.0.1:9002\n");

        Cli.Result result = Cli.run("balance", "--check", "--config", config.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("2 backend(s): http://127.0.0.1:9001 (weight 4), http://127.0.0.1:9002");
    }

    @Test
    void backendFlagsReplaceTheFilesBackends() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001, http://127.0.0.1:9002]\n");

        Cli.Result result = Cli.run("balance", "--check", "--config", config.toString(),
                "--backend", "http://127.0.0.1:9003");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("1 backend(s): http://127.0.0.1:9003").doesNotContain("9001");
    }

    @Test
    void flagsAreAppliedAfterTheFile() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nmaxQueued: 10\n");

        Cli.Result result = Cli.run("balance", "--check", "--config", config.toString(), "--max-queued", "-1");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).first().asString().startsWith("Invalid value for option '--max-queued': -1");
    }

    @Test
    void aFileWithoutBackendsNeedsABackendFlag() throws IOException {
        Path config = write("port: 0\n");

        assertThat(Cli.run("balance", "--check", "--config", config.toString()).errLines())
                .containsExactly("balance: at least one --backend or a --spawn command (or backends: or workers: in "
                        + "the config) is required", HINT);
        assertThat(Cli.run("balance", "--check", "--config", config.toString(), "--backend", "http://a:1").status())
                .isZero();
    }

    @Test
    void anUnknownKeyIsNamedWithTheFileAndTheKnownKeys() throws IOException {
        Path config = write("prot: 8080\nbackends: [http://127.0.0.1:9001]\n");

        Cli.Result result = Cli.run("balance", "--config", config.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(config + ": unknown key 'prot' (known keys: "
                + String.join(", ", BalanceConfig.KEYS) + ")",
                HINT);
    }

    @Test
    void aBadDurationNamesTheFileAndTheKey() throws IOException {
        Path config = write("queueTimeout: soon\nbackends: [http://127.0.0.1:9001]\n");

        Cli.Result result = Cli.run("balance", "--config", config.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                config + ": queueTimeout: 'soon' is not a duration (expected e.g. 250ms, 5s, 2m)", HINT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            port: 70000                                   | port: 70000 (expected: 0-65535)
            port: '80'                                    | port: '80' is not a whole number
            port: 8080.5                                  | port: 8080.5 is not a whole number
            'port:'                                       | port: has no value
            bind: [a, b]                                  | bind: a list is not a string
            forwarded: 1                                  | forwarded: 1 is not true or false
            timeout: 5                                    | timeout: '5' is not a duration (expected e.g. 250ms, 5s, 2m)
            shutdownGrace: -1s                            | shutdownGrace: '-1s' is negative
            connectTimeout: 0s                            | connectTimeout: PT0S (expected: > 0)
            maxConnections: -1                            | maxConnections: -1 (expected: >= 0, 0 for no limit)
            ioThreads: 0                                  | ioThreads: 0 (expected: 1-1024)
            algorithm: fastest                            | algorithm: 'fastest' is not a built-in algorithm
            backends: http://a:1                          | backends: expected a list of URLs
            backends: [ftp://a:1]                         | backends[0]: 'ftp://a:1' has scheme ftp
            backends: [http://a:1, http://a:1]            | backends[1]: http://a:1 is listed twice
            backends: [http://a:1, 5]                     | backends[1]: expected a URL, or url: and weight:
            backends: [{weight: 2}]                       | backends[0]: url: is missing
            backends: [{url: http://a:1, wieght: 2}]      | backends[0]: unknown key 'wieght' (known keys: url, weight)
            backends: [{url: http://a:1, weight: 0}]      | backends[0].weight: 0 (expected: 1-1000)
            backends: [{url: 'http://a:1/x', weight: 2}]  | backends[0].url: 'http://a:1/x' must be only scheme, host and port
            backends: ['http://a:1#weight=0']             | backends[0]: 'http://a:1#weight=0': weight 0 (expected: 1-1000)
            backends: ['http://a:1#wieght=2']             | backends[0]: 'http://a:1#wieght=2': unknown option 'wieght' after # (known: weight)
            health: /health                               | health: expected a mapping with path, interval, timeout, rise, fall; found '/health'
            'health:'                                     | health: has no value
            health: {pth: /health}                        | health: unknown key 'pth' (known keys: path, interval, timeout, rise, fall)
            health: {path: health}                        | health.path: 'health' (expected: an absolute path such as /health
            health: {path: 5}                             | health.path: 5 is not a string
            health: {path: /h, interval: 5ms}             | health.interval: PT0.005S (expected: >= 10 ms)
            health: {path: /h, timeout: 0s}               | health.timeout: PT0S (expected: >= 1 ms)
            health: {path: /h, rise: 0}                   | health.rise: 0 (expected: 1-100)
            health: {path: /h, fall: two}                 | health.fall: 'two' is not a whole number
            passiveHealth: [3]                            | passiveHealth: expected a mapping with consecutiveFailures, ejectionTime, maxEjectionTime; found a list
            passiveHealth: {failures: 3}                  | passiveHealth: unknown key 'failures' (known keys: consecutiveFailures, ejectionTime, maxEjectionTime)
            passiveHealth: {consecutiveFailures: -1}      | passiveHealth.consecutiveFailures: -1 (expected: 0 to turn ejection off, or a number of failures)
            passiveHealth: {consecutiveFailures: 1001}    | passiveHealth.consecutiveFailures: 1001 (expected: 1-1000)
            passiveHealth: {ejectionTime: 0ms}            | passiveHealth.ejectionTime: PT0S (expected: >= 1 ms)
            passiveHealth: {maxEjectionTime: 1s}          | passiveHealth.maxEjectionTime: PT1S (expected: >= ejectionTime PT10S)
            slowStart: 2h                                 | slowStart: PT2H (expected: 0 to 1 hour)
            slowStart: true                               | slowStart: 'true' is not a duration
            retries: 3                                    | retries: expected a mapping with maxAttempts, budget, maxBody; found 3
            retries: {attempts: 3}                        | retries: unknown key 'attempts' (known keys: maxAttempts, budget, maxBody)
            retries: {maxAttempts: 0}                     | retries.maxAttempts: 0 (expected: 1-10)
            retries: {budget: '0.2'}                      | retries.budget: '0.2' is not a number
            retries: {budget: 2}                          | retries.budget: 2.0 (expected: 0-1)
            retries: {maxBody: 64KB}                      | retries.maxBody: '64KB' is not a size (expected e.g. 65536, 64KiB, 1MiB)
            retries: {maxBody: 17MiB}                     | retries.maxBody: 17825792 (expected: 0-16777216)
            retries: {maxBody: -1}                        | retries.maxBody: '-1' is negative
            admin: 9900                                   | admin: expected a mapping with port, bind, token, enabled; found 9900
            admin: {prot: 9900}                           | admin: unknown key 'prot' (known keys: port, bind, token, enabled)
            admin: {port: 70000}                          | admin.port: 70000 (expected: 0-65535)
            admin: {bind: ''}                             | admin.bind: '' (expected: a host name or address)
            admin: {token: short}                         | admin.token: (expected: 8 or more visible ASCII characters, no spaces)
            admin: {enabled: 'no'}                        | admin.enabled: 'no' is not true or false
            http2: true                                   | http2: expected a mapping with enabled, cleartext, maxConcurrentStreams; found true
            http2: {streams: 10}                          | http2: unknown key 'streams' (known keys: enabled, cleartext, maxConcurrentStreams)
            http2: {cleartext: true, maxConcurrentStreams: 0} | http2.maxConcurrentStreams: 0 (expected: >= 1)
            http2: {cleartext: 'yes'}                     | http2.cleartext: 'yes' is not true or false
            """)
    void aWrongValueNamesTheFileAndTheKey(String yaml, String message) throws IOException {
        Path config = write(yaml + "\n");
        List<String> args = new ArrayList<>(List.of("balance", "--check", "--config", config.toString()));
        if (!yaml.startsWith("backends")) {
            args.addAll(List.of("--backend", "http://127.0.0.1:9001"));
        }

        Cli.Result reported = Cli.run(args.toArray(String[]::new));

        assertThat(reported.status()).isEqualTo(2);
        assertThat(reported.errLines()).hasSize(2);
        assertThat(reported.errLines().get(0)).startsWith(config + ": " + message);
        assertThat(reported.errLines().get(1)).isEqualTo(HINT);
    }

    @Test
    void aMissingFileIsAUsageError() {
        Path config = dir.resolve("nope.yaml");

        Cli.Result result = Cli.run("balance", "--config", config.toString(), "--backend", "http://a:1");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(config + ": no such file", HINT);
    }

    @Test
    void invalidYamlIsAUsageError() throws IOException {
        Path config = write("port: [8080\n");

        Cli.Result result = Cli.run("balance", "--config", config.toString(), "--backend", "http://a:1");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).startsWith(config + ": not valid YAML: ");
    }

    @Test
    void anAlgorithmMayBeAClassName() throws IOException {
        Path config = write("algorithm: " + AlgorithmsTest.FirstCandidate.class.getName() + "\n");

        Cli.Result result = Cli.run("balance", "--check", "--config", config.toString(), "--backend", "http://a:1");

        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
