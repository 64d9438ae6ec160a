package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code balance}'s flags for workers: instances of the application that the balancer starts and keeps running. */
final class WorkerOptions {

    @Option(names = "--spawn", paramLabel = "COMMAND",
            description = "Start the application's instances (workers) with COMMAND, e.g. 'java -jar app.jar "
                    + "--port {port}': each gets a free loopback port, as {port} and in PORT, and joins the backends "
                    + "once it answers; a crashed one is respawned. COMMAND is split into words like a shell would, "
                    + "without running one. With it, --backend is optional. Default: none.")
    private String command;

    @Option(names = "--workers", paramLabel = "N",
            description = "How many workers to keep running (1-256; needs --spawn). Default: the number of "
                    + "processors.")
    private Integer count;

    @Option(names = "--worker-start-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a new worker has to answer before its start counts as a crash. Default: 30s.")
    private Duration startTimeout;

    @Option(names = "--worker-stop-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a stopping worker has between SIGTERM and SIGKILL; 0s kills it at once. "
                    + "Default: 10s.")
    private Duration stopGrace;

    @Option(names = "--worker-backoff", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The wait before respawning a worker after a crash; it doubles with each crash in a "
                    + "row. Default: 500ms.")
    private Duration backoff;

    @Option(names = "--worker-max-backoff", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The longest wait before a respawn. Default: 30s, or --worker-backoff when longer.")
    private Duration maxBackoff;

    @Option(names = "--worker-crash-loop-limit", paramLabel = "N",
            description = "Crashes in a row after which a worker is not respawned (a worker failing so at start "
                    + "stops the balancer with status 1). Default: 5.")
    private Integer crashLoopLimit;

    @Option(names = "--worker-stable-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A worker up this long starts its count of crashes in a row again. Default: 30s.")
    private Duration stableAfter;

    @Option(names = "--worker-log-dir", paramLabel = "DIR",
            description = "Append each worker's output to DIR/worker-N.log. Default: none (into the balancer's "
                    + "log, each line prefixed with [worker-N]).")
    private Path logDirectory;

    @Option(names = "--worker-dir", paramLabel = "DIR",
            description = "The workers' working directory. Default: the balancer's.")
    private Path workingDirectory;

    @Option(names = "--worker-env", paramLabel = "NAME=VALUE",
            description = "Add a variable to the workers' environment; repeat the flag for each. Each replaces "
                    + "the config's variable of that name. PORT is set by the balancer. Default: none (the "
                    + "workers inherit the balancer's environment).")
    private List<String> environment;

    void applyTo(WorkerSettings workers, Flags flags) {
        flags.part("--spawn", command, workers::command);
        flags.part("--workers", count, workers::count);
        flags.part("--worker-start-timeout", startTimeout, workers::startTimeout);
        flags.part("--worker-stop-grace", stopGrace, workers::stopGrace);
        flags.part("--worker-backoff", backoff, workers::backoff);
        flags.part("--worker-max-backoff", maxBackoff, workers::maxBackoff);
        flags.part("--worker-crash-loop-limit", crashLoopLimit, workers::crashLoopLimit);
        flags.part("--worker-stable-after", stableAfter, workers::stableAfter);
        flags.part("--worker-log-dir", logDirectory, workers::logDirectory);
        flags.part("--worker-dir", workingDirectory, workers::workingDirectory);
        if (environment != null) {
            Origin origin = flags.origin("--worker-env");
            for (String variable : environment) {
                // A value may hold '=' itself (JAVA_OPTS=-Dx=y): the name ends at the first one.
                int equals = variable.indexOf('=');
                if (equals < 0) {
                    throw origin.invalid("'" + variable + "' (expected: NAME=VALUE)");
                }
                workers.environment(variable.substring(0, equals), variable.substring(equals + 1), origin);
            }
        }
    }
}
