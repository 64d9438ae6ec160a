package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.error;
import static dev.multiserver.cli.balance.Checks.errorWithBackend;
import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Active and passive health checks and slow start, from flags and from YAML, as --check reports them. */
class HealthFlagsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultThereIsNoActiveCheckEjectionAfterFiveFailuresAndNoSlowStart() {
        assertThat(validWithBackend()).contains("  health checks: off",
                "  passive health checks: eject after 5 failures for 10000 ms (up to 300000 ms)",
                "  slow start: off");
    }

    @Test
    void aHealthPathTurnsActiveChecksOnWithTheLibrarysDefaults() {
        assertThat(validWithBackend("--health-path", "/health"))
                .contains("  health checks: GET /health every 5000 ms (timeout 2000 ms, rise 2, fall 3)");
    }

    @Test
    void everyHealthFlagReachesTheCheck() {
        assertThat(validWithBackend("--health-path", "/ready", "--health-interval", "2s", "--health-timeout", "500ms",
                "--health-rise", "4", "--health-fall", "1"))
                .contains("  health checks: GET /ready every 2000 ms (timeout 500 ms, rise 4, fall 1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--health-interval=2s", "--health-timeout=1s", "--health-rise=1", "--health-fall=1"})
    void tuningAHealthCheckWithoutAPathIsAnErrorNamingTheFlag(String flag) {
        assertThat(errorWithBackend(flag)).isEqualTo(flag.substring(0, flag.indexOf('='))
                + ": needs a health check path to check (--health-path, or path: under health: in the config)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --health-interval=5ms | PT0.005S (expected: >= 10 ms)
            --health-timeout=0s   | PT0S (expected: >= 1 ms)
            --health-rise=0       | 0 (expected: 1-100)
            --health-fall=101     | 101 (expected: 1-100)
            """)
    void aBadTuningValueNamesTheFlag(String flag, String detail) {
        assertThat(errorWithBackend("--health-path", "/health", flag)).isEqualTo("Invalid value for option '"
                + flag.substring(0, flag.indexOf('=')) + "': " + detail);
    }

    @Test
    void everyEjectionFlagReachesThePassiveCheck() {
        assertThat(validWithBackend("--eject-after", "3", "--eject-time", "5s", "--max-eject-time", "1m"))
                .contains("  passive health checks: eject after 3 failures for 5000 ms (up to 60000 ms)");
    }

    @Test
    void ejectAfterZeroTurnsEjectionOff() {
        assertThat(validWithBackend("--eject-after", "0")).contains("  passive health checks: disabled");
    }

    @Test
    void anEjectionTimeWithEjectionOffIsAnError() {
        assertThat(errorWithBackend("--eject-after", "0", "--max-eject-time", "1m"))
                .isEqualTo("--max-eject-time: has no effect: ejection is off (--eject-after 0)");
    }

    @Test
    void slowStartReachesTheBuilder() {
        assertThat(validWithBackend("--slow-start", "30s")).contains("  slow start: 30000 ms");
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("""
                backends: [http://127.0.0.1:9001]
                health:
                  path: /ready
                  interval: 2s
                  timeout: 500ms
                  rise: 4
                  fall: 1
                passiveHealth:
                  consecutiveFailures: 3
                  ejectionTime: 5s
                  maxEjectionTime: 1m
                slowStart: 30s
                """);

        assertThat(valid("--config", config.toString())).contains(
                "  health checks: GET /ready every 2000 ms (timeout 500 ms, rise 4, fall 1)",
                "  passive health checks: eject after 3 failures for 5000 ms (up to 60000 ms)",
                "  slow start: 30000 ms");
    }

    @Test
    void passiveHealthWithZeroFailuresTurnsEjectionOff() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\npassiveHealth: {consecutiveFailures: 0}\n");

        assertThat(valid("--config", config.toString())).contains("  passive health checks: disabled");
    }

    @Test
    void aFlagOverridesOnePartOfTheFilesChecks() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nhealth: {path: /ready, interval: 2s, fall: 1}\n"
                + "passiveHealth: {consecutiveFailures: 0}\n");

        assertThat(valid("--config", config.toString(), "--health-fall", "5", "--eject-after", "2")).contains(
                "  health checks: GET /ready every 2000 ms (timeout 2000 ms, rise 2, fall 5)",
                "  passive health checks: eject after 2 failures for 10000 ms (up to 300000 ms)");
    }

    @Test
    void aHealthPathFlagCompletesTheFilesTuning() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nhealth: {interval: 2s}\n");

        assertThat(valid("--config", config.toString(), "--health-path", "/up"))
                .contains("  health checks: GET /up every 2000 ms (timeout 2000 ms, rise 2, fall 3)");
    }

    @Test
    void theFilesTuningWithoutAPathNamesTheKey() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nhealth: {interval: 2s}\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": health.interval: needs a health "
                + "check path to check (--health-path, or path: under health: in the config)");
    }

    @Test
    void theFilesEjectionTimeWithEjectionOffNamesBothKeys() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\n"
                + "passiveHealth: {consecutiveFailures: 0, ejectionTime: 5s}\n");

        assertThat(error("--config", config.toString())).isEqualTo(config + ": passiveHealth.ejectionTime: has no "
                + "effect: ejection is off (passiveHealth.consecutiveFailures 0)");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
