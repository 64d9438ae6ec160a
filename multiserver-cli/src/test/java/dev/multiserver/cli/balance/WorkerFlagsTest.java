package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.error;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Workers from flags and from YAML, as --check reports them. */
class WorkerFlagsTest {

    private static final String APP = "java -jar app.jar --port {port}";
    private static final String DEFAULT_LIFECYCLE = "  worker lifecycle: start timeout 30000 ms, stop grace 10000 ms, "
            + "respawn backoff 500 ms up to 30000 ms, crash-loop limit 5, stable after 30000 ms";

    @TempDir
    Path dir;

    @Test
    void byDefaultThereAreNoWorkers() {
        assertThat(validWithBackend()).contains("  workers: off").noneMatch(line -> line.contains("lifecycle"));
    }

    @Test
    void aSpawnCommandIsEnoughWithoutABackend() {
        assertThat(valid("--spawn", APP, "--workers", "3")).startsWith(
                "balance: settings are valid; 3 worker(s) running `" + APP + "`",
                "  workers: 3 running `" + APP + "`, output to the log",
                DEFAULT_LIFECYCLE);
    }

    @Test
    void withoutACountThereIsOneWorkerPerProcessor() {
        int processors = Runtime.getRuntime().availableProcessors();

        assertThat(valid("--spawn", APP))
                .contains("  workers: " + processors + " running `" + APP + "`, output to the log");
    }

    @Test
    void workersAndBackendsAreBalancedTogether() {
        assertThat(validWithBackend("--spawn", APP, "--workers", "2")).first().isEqualTo("balance: settings are "
                + "valid; 1 backend(s): http://127.0.0.1:9001 and 2 worker(s) running `" + APP + "`");
    }

    @Test
    void everyWorkerFlagReachesTheWorkers() {
        assertThat(valid("--spawn", APP, "--workers", "4", "--worker-start-timeout", "1m", "--worker-stop-grace", "2s",
                "--worker-backoff", "1s", "--worker-max-backoff", "10s", "--worker-crash-loop-limit", "2",
                "--worker-stable-after", "5m", "--worker-log-dir", "logs", "--worker-dir", "/srv/app",
                "--worker-env", "APP_ENV=production", "--worker-env", "JAVA_OPTS=-Da=b -Dc=d")).contains(
                "  workers: 4 running `" + APP + "` in /srv/app, output to logs/worker-N.log, environment: APP_ENV, "
                        + "JAVA_OPTS",
                "  worker lifecycle: start timeout 60000 ms, stop grace 2000 ms, respawn backoff 1000 ms up to "
                        + "10000 ms, crash-loop limit 2, stable after 300000 ms");
    }

    @Test
    void environmentValuesAreNeverPrinted() {
        Cli.Result result = Checks.run(Map.of(), "--spawn", APP, "--worker-env", "DB_PASSWORD=hunter2-hunter2");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("environment: DB_PASSWORD").doesNotContain("hunter2");
    }

    @Test
    void aStopGraceOfZeroKillsAtOnce() {
        assertThat(valid("--spawn", APP, "--worker-stop-grace", "0s"))
                .anyMatch(line -> line.contains("stop grace 0 ms"));
    }

    @Test
    void aLongerBackoffAloneRaisesTheMaximumToIt() {
        assertThat(valid("--spawn", APP, "--worker-backoff", "1m"))
                .anyMatch(line -> line.contains("respawn backoff 60000 ms up to 60000 ms"));
    }

    @Test
    void aShorterMaximumAloneLowersTheBackoffToIt() {
        assertThat(valid("--spawn", APP, "--worker-max-backoff", "100ms"))
                .anyMatch(line -> line.contains("respawn backoff 100 ms up to 100 ms"));
    }

    @Test
    void aMaximumBelowTheBackoffNamesTheMaximum() {
        assertThat(error("--spawn", APP, "--worker-backoff", "2s", "--worker-max-backoff", "1s"))
                .isEqualTo("Invalid value for option '--worker-max-backoff': PT1S (expected: >= initialBackoff PT2S)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--workers=2", "--worker-start-timeout=5s", "--worker-stop-grace=1s", "--worker-backoff=1s",
            "--worker-max-backoff=1s", "--worker-crash-loop-limit=2", "--worker-stable-after=1m",
            "--worker-log-dir=logs", "--worker-dir=/srv/app", "--worker-env=A=b"})
    void tuningWorkersWithoutACommandIsAnErrorNamingTheFlag(String flag) {
        assertThat(errorWithBackend(flag)).isEqualTo(flag.substring(0, flag.indexOf('='))
                + ": needs a worker command to run (--spawn, or command: under workers: in the config)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --spawn=                      | '' (expected: a program and its arguments)
            --spawn=app 'x                | 'app 'x' has an unterminated ' at character 5
            --workers=0                   | 0 (expected: 1-256)
            --workers=257                 | 257 (expected: 1-256)
            --workers=many                | 'many' is not an int
            --worker-start-timeout=0s     | PT0S (expected: > 0)
            --worker-stop-grace=-1s       | '-1s' is negative
            --worker-backoff=0ms          | PT0S (expected: > 0)
            --worker-max-backoff=soon     | 'soon' is not a duration
            --worker-crash-loop-limit=0   | 0 (expected: >= 1)
            --worker-stable-after=0s      | PT0S (expected: > 0)
            --worker-env=PORT=9000        | PORT is set by the balancer to each worker's port
            --worker-env=APP_ENV          | 'APP_ENV' (expected: NAME=VALUE)
            --worker-env==x               | '' (expected: a variable name without '=')
            """)
    void aBadWorkerValueNamesTheFlag(String flag, String detail) {
        String name = flag.substring(0, flag.indexOf('='));
        List<String> args = name.equals("--spawn") ? List.of(flag) : List.of("--spawn", APP, flag);

        assertThat(error(args.toArray(String[]::new))).startsWith("Invalid value for option '" + name + "': " + detail);
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("""
                workers:
                  command: java -jar app.jar --port {port}
                  count: 4
                  startTimeout: 1m
                  stopGrace: 2s
                  backoff: 1s
                  maxBackoff: 10s
                  crashLoopLimit: 2
                  stableAfter: 5m
                  logDirectory: logs
                  workingDirectory: /srv/app
                  environment:
                    APP_ENV: production
                    THREADS: 4
                    DEBUG: false
                """);

        assertThat(valid("--config", config.toString())).contains(
                "  workers: 4 running `" + APP + "` in /srv/app, output to logs/worker-N.log, environment: APP_ENV, "
                        + "DEBUG, THREADS",
                "  worker lifecycle: start timeout 60000 ms, stop grace 2000 ms, respawn backoff 1000 ms up to "
                        + "10000 ms, crash-loop limit 2, stable after 300000 ms");
    }

    @Test
    void aFlagOverridesOnePartOfTheFilesWorkers() throws IOException {
        Path config = write("workers: {command: ./old-app, count: 2, stopGrace: 2s}\n");

        assertThat(valid("--config", config.toString(), "--spawn", APP, "--workers", "3")).contains(
                "  workers: 3 running `" + APP + "`, output to the log",
                "  worker lifecycle: start timeout 30000 ms, stop grace 2000 ms, respawn backoff 500 ms up to "
                        + "30000 ms, crash-loop limit 5, stable after 30000 ms");
    }

    @Test
    void aWorkerEnvFlagReplacesTheFilesVariableOfThatNameAndKeepsTheOthers() throws IOException {
        Path config = write("workers:\n  command: ./app\n  environment: {APP_ENV: staging, REGION: eu}\n");

        Cli.Result result = Checks.run(Map.of(), "--config", config.toString(), "--worker-env", "APP_ENV=production",
                "--worker-env", "ZONE=a");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("environment: APP_ENV, REGION, ZONE");
    }

    @Test
    void aSpawnFlagCompletesTheFilesTuning() throws IOException {
        Path config = write("workers: {count: 2}\n");

        assertThat(valid("--config", config.toString(), "--spawn", APP))
                .contains("  workers: 2 running `" + APP + "`, output to the log");
    }

    @Test
    void theFilesTuningWithoutACommandNamesTheKey() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nworkers: {count: 2}\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": workers.count: needs a worker command "
                + "to run (--spawn, or command: under workers: in the config)");
    }

    @Test
    void theFilesEnvironmentWithoutACommandNamesTheVariable() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nworkers: {environment: {APP_ENV: production}}\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": workers.environment.APP_ENV: needs a "
                + "worker command to run (--spawn, or command: under workers: in the config)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            workers: 3                                      | workers: expected a mapping with command, count, startTimeout, stopGrace, backoff, maxBackoff, crashLoopLimit, stableAfter, logDirectory, workingDirectory, environment; found 3
            workers:                                        | workers: has no value
            workers: {comand: ./app}                        | workers: unknown key 'comand' (known keys: command, count,
            workers: {command: ''}                          | workers.command: '' (expected: a program and its arguments)
            workers: {command: [app, '{port}']}             | workers.command: a list is not a string
            workers: {command: ./app, count: 0}             | workers.count: 0 (expected: 1-256)
            workers: {command: ./app, count: two}           | workers.count: 'two' is not a whole number
            workers: {command: ./app, startTimeout: 0s}     | workers.startTimeout: PT0S (expected: > 0)
            workers: {command: ./app, stopGrace: 5}         | workers.stopGrace: '5' is not a duration
            workers: {command: ./app, backoff: 0ms}         | workers.backoff: PT0S (expected: > 0)
            workers: {command: ./app, backoff: 2s, maxBackoff: 1s} | workers.maxBackoff: PT1S (expected: >= initialBackoff PT2S)
            workers: {command: ./app, crashLoopLimit: 0}    | workers.crashLoopLimit: 0 (expected: >= 1)
            workers: {command: ./app, stableAfter: -1s}     | workers.stableAfter: '-1s' is negative
            workers: {command: ./app, logDirectory: 5}      | workers.logDirectory: 5 is not a string
            workers: {command: ./app, workingDirectory: {}} | workers.workingDirectory: a mapping is not a string
            workers: {command: ./app, environment: [A=b]}   | workers.environment: expected a mapping of variable names to values (NAME: value)
            workers: {command: ./app, environment: }        | workers.environment: has no value
            workers: {command: ./app, environment: {PORT: 1}} | workers.environment.PORT: PORT is set by the balancer to each worker's port
            workers: {command: ./app, environment: {A: [1]}} | workers.environment.A: a list is not a value (expected text, a number or true/false)
            workers: {command: ./app, environment: {A: }}   | workers.environment.A: has no value
            """)
    void aWrongWorkerValueNamesTheFileAndTheKey(String yaml, String message) throws IOException {
        Path config = write(yaml + "\n");

        assertThat(errorWithBackend("--config", config.toString())).startsWith(config + ": " + message);
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
