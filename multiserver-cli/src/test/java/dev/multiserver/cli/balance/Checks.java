package dev.multiserver.cli.balance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.cli.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code balance --check} and hands back what it reports of the settings. */
final class Checks {

    static final String BACKEND = "http://127.0.0.1:9001";
    static final String HINT = "Run 'multiserver balance --help' for usage.";

    private Checks() {
    }

    /** The lines {@code balance --check ARGS} prints, after asserting that it accepted them. */
    static List<String> valid(String... args) {
        Cli.Result result = run(args);
        assertThat(result.err()).isEmpty();
        assertThat(result.status()).isZero();
        return result.out().lines().toList();
    }

    /** The lines {@code balance --check --backend BACKEND FLAGS} prints, after asserting that it accepted them. */
    static List<String> validWithBackend(String... flags) {
        List<String> args = new ArrayList<>(List.of("--backend", BACKEND));
        args.addAll(List.of(flags));
        return valid(args.toArray(String[]::new));
    }

    /** The usage error of {@code balance --check ARGS}, after asserting that it is one: its first line. */
    static String error(String... args) {
        Cli.Result result = run(args);
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(2).last().isEqualTo(HINT);
        return result.errLines().get(0);
    }

    /** Same as {@link #error} with {@code --backend BACKEND} added. */
    static String errorWithBackend(String... flags) {
        List<String> args = new ArrayList<>(List.of("--backend", BACKEND));
        args.addAll(List.of(flags));
        return error(args.toArray(String[]::new));
    }

    /** Runs {@code balance --check ARGS} with only {@code environment} in the environment. */
    static Cli.Result run(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("balance", "--check"));
        all.addAll(List.of(args));
        return Cli.run(cli -> cli.getSubcommands().get("balance").<BalanceCommand>getCommand()
                .environment(environment), all.toArray(String[]::new));
    }

    /** Without the process's environment, so that a MULTISERVER_ADMIN_TOKEN where the tests run changes nothing. */
    private static Cli.Result run(String... args) {
        return run(Map.of(), args);
    }
}
