package dev.multiserver.cli;

import dev.multiserver.cli.balance.BalanceCommand;
import dev.multiserver.cli.demo.DemoCommand;
import dev.multiserver.cli.demo.DemoWorkerCommand;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code multiserver} command. Each subcommand is one class in its own package; add a new one to
 * {@code subcommands} below.
 *
 * <pre>{@code
 * int status = Main.commandLine().execute("balance", "--port", "8080", "--backend", "http://127.0.0.1:9001");
 * }</pre>
 *
 * <p>Exit status: 0 when done, 1 when running failed (e.g. the port is taken), 2 for a bad flag or
 * config value.
 */
@Command(
        name = "multiserver",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        usageHelpAutoWidth = true,
        description = "Run one web application across many servers.",
        subcommands = {BalanceCommand.class, DemoCommand.class, DemoWorkerCommand.class, HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Netty's leak detector samples buffers to find bugs; the tests run it at "paranoid" instead. */
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        // A production process leaves leak hunting to the test suite (which runs it at its strictest) and
        // keeps the per-message bookkeeping off the request path. -Dio.netty.leakDetection.level=simple
        // in MULTISERVER_JAVA_OPTS turns it back on.
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with multiserver's error reporting: a bad flag or config value prints one line
     * naming it and a usage hint to stderr, and exits with status 2.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler(new UsageErrorHandler());
    }

    @Override
    public void run() {
        List<String> commands = spec.subcommands().entrySet().stream()
                .filter(command -> !command.getValue().getCommandSpec().usageMessage().hidden())
                .map(Map.Entry::getKey)
                .toList();
        throw new ParameterException(spec.commandLine(),
                "missing command (expected one of: " + String.join(", ", commands) + ")");
    }
}
