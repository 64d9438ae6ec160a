package dev.multiserver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsTheCommandsAndExitsZero() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Usage: multiserver", "balance", "help");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.status()).isZero();
        assertThat(result.out()).containsPattern("^multiserver \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void noCommandIsAUsageErrorThatListsTheCommands() {
        Cli.Result result = Cli.run();

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).containsExactly(
                "missing command (expected one of: balance, demo, help)",
                "Run 'multiserver --help' for usage.");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Cli.Result result = Cli.run("balence");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("balence").endsWith("Run 'multiserver --help' for usage." + System.lineSeparator());
    }

    @Test
    void helpCommandShowsASubcommandsHelp() {
        Cli.Result result = Cli.run("help", "balance");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("Usage: multiserver balance");
    }
}
