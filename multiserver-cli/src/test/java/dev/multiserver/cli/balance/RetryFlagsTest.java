package dev.multiserver.cli.balance;

import static dev.multiserver.cli.balance.Checks.valid;
import static dev.multiserver.cli.balance.Checks.validWithBackend;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry policy from flags and from YAML, as --check reports it. */
class RetryFlagsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultTheLibrarysPolicyApplies() {
        assertThat(validWithBackend())
                .contains("  retries: up to 3 attempts, budget 0.2 of requests + 10/s, bodies up to 65536 bytes");
    }

    @Test
    void everyRetryFlagReachesThePolicyKeepingTheBudgetsFloor() {
        assertThat(validWithBackend("--retries", "2", "--retry-budget", "0.5", "--retry-max-body", "1MiB"))
                .contains("  retries: up to 2 attempts, budget 0.5 of requests + 10/s, bodies up to 1048576 bytes");
    }

    @Test
    void aSizeMayBeAPlainNumberOfBytes() {
        assertThat(validWithBackend("--retry-max-body", "0"))
                .contains("  retries: up to 3 attempts, budget 0.2 of requests + 10/s, bodies up to 0 bytes");
    }

    @Test
    void oneAttemptTurnsRetriesOff() {
        assertThat(validWithBackend("--retries", "1")).contains("  retries: off");
    }

    @Test
    void theYamlKeysSetTheSameAsTheFlags() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nretries:\n  maxAttempts: 2\n  budget: 0.5\n"
                + "  maxBody: 1MiB\n");

        assertThat(valid("--config", config.toString()))
                .contains("  retries: up to 2 attempts, budget 0.5 of requests + 10/s, bodies up to 1048576 bytes");
    }

    @Test
    void yamlTakesWholeNumbersForTheBudgetAndBytesForTheBody() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nretries: {budget: 1, maxBody: 4096}\n");

        assertThat(valid("--config", config.toString()))
                .contains("  retries: up to 3 attempts, budget 1.0 of requests + 10/s, bodies up to 4096 bytes");
    }

    @Test
    void aFlagOverridesOnePartOfTheFilesPolicy() throws IOException {
        Path config = write("backends: [http://127.0.0.1:9001]\nretries: {maxAttempts: 5, budget: 0.1}\n");

        assertThat(valid("--config", config.toString(), "--retries", "2"))
                .contains("  retries: up to 2 attempts, budget 0.1 of requests + 10/s, bodies up to 65536 bytes");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("lb.yaml"), yaml);
    }
}
