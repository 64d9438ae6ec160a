package dev.multiserver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the {@code multiserver} command in-process and captures what a user would see. */
public final class Cli {

    private Cli() {
    }

    /** Runs {@code args} to completion. */
    public static Result run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs {@code args} to completion on a command line that {@code setup} has prepared. */
    public static Result run(Consumer<CommandLine> setup, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        setup.accept(cli);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Exit status, stdout and stderr of one run. */
    public record Result(int status, String out, String err) {

        public List<String> errLines() {
            return err.lines().toList();
        }
    }
}
