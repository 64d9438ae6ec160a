package dev.multiserver.cli.balance;

import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.balancer.worker.WorkersBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The workers as {@code --spawn}, {@code --worker*} and {@code workers:} give them, part by part. The
 * command turns them on; the other parts only tune them, so giving one without a command is an error
 * rather than silently nothing. Environment variables are kept by name: a later source replaces a
 * variable, the others stay.
 */
final class WorkerSettings {

    private Given<String> command;
    private Given<Integer> count;
    private Given<Duration> startTimeout;
    private Given<Duration> stopGrace;
    private Given<Duration> backoff;
    private Given<Duration> maxBackoff;
    private Given<Integer> crashLoopLimit;
    private Given<Duration> stableAfter;
    private Given<Path> logDirectory;
    private Given<Path> workingDirectory;
    private final Map<String, Given<String>> environment = new LinkedHashMap<>();

    void command(String value, Origin origin) {
        command = new Given<>(value, origin);
    }

    void count(int value, Origin origin) {
        count = new Given<>(value, origin);
    }

    void startTimeout(Duration value, Origin origin) {
        startTimeout = new Given<>(value, origin);
    }

    void stopGrace(Duration value, Origin origin) {
        stopGrace = new Given<>(value, origin);
    }

    void backoff(Duration value, Origin origin) {
        backoff = new Given<>(value, origin);
    }

    void maxBackoff(Duration value, Origin origin) {
        maxBackoff = new Given<>(value, origin);
    }

    void crashLoopLimit(int value, Origin origin) {
        crashLoopLimit = new Given<>(value, origin);
    }

    void stableAfter(Duration value, Origin origin) {
        stableAfter = new Given<>(value, origin);
    }

    void logDirectory(Path value, Origin origin) {
        logDirectory = new Given<>(value, origin);
    }

    void workingDirectory(Path value, Origin origin) {
        workingDirectory = new Given<>(value, origin);
    }

    void environment(String name, String value, Origin origin) {
        environment.put(name, new Given<>(value, origin));
    }

    /** The workers these parts make, or none when no command was given. */
    Optional<Workers> resolve() {
        if (command == null) {
            Optional<Given<?>> tuning = Stream.concat(Stream.<Given<?>>of(count, startTimeout, stopGrace, backoff,
                    maxBackoff, crashLoopLimit, stableAfter, logDirectory, workingDirectory),
                    environment.values().stream()).filter(part -> part != null).findFirst();
            if (tuning.isPresent()) {
                throw tuning.get().origin().problem("needs a worker command to run (--spawn, or command: under "
                        + "workers: in the config)");
            }
            return Optional.empty();
        }
        WorkersBuilder builder = command.apply(Workers::command);
        if (count != null) {
            count.apply(builder::count);
        }
        if (startTimeout != null) {
            startTimeout.apply(builder::startTimeout);
        }
        if (stopGrace != null) {
            stopGrace.apply(builder::stopGrace);
        }
        backoff(builder);
        if (crashLoopLimit != null) {
            crashLoopLimit.apply(builder::crashLoopLimit);
        }
        if (stableAfter != null) {
            stableAfter.apply(builder::stableAfter);
        }
        if (logDirectory != null) {
            logDirectory.apply(builder::logDirectory);
        }
        if (workingDirectory != null) {
            workingDirectory.apply(builder::workingDirectory);
        }
        environment.forEach((name, value) -> value.apply(text -> builder.environment(name, text)));
        return Optional.of(builder.build());
    }

    /**
     * The library takes both ends of the backoff at once. When only one is given, the other keeps its
     * default unless that would put the minimum above the maximum: {@code --worker-backoff 1m} alone
     * means one minute each time, not an error about a maximum the user never mentioned.
     */
    private void backoff(WorkersBuilder builder) {
        Workers defaults = builder.build();
        if (backoff != null) {
            Duration initial = backoff.value();
            Duration max = initial.compareTo(defaults.maxBackoff()) > 0 ? initial : defaults.maxBackoff();
            backoff.apply(value -> builder.backoff(initial, max));
        }
        if (maxBackoff != null) {
            Duration max = maxBackoff.value();
            Duration initial = backoff != null ? backoff.value()
                    : max.compareTo(defaults.initialBackoff()) < 0 ? max : defaults.initialBackoff();
            maxBackoff.apply(value -> builder.backoff(initial, max));
        }
    }

    /** How --check describes {@code workers}: what runs, then how it is kept running. */
    static List<String> describe(Optional<Workers> workers) {
        if (workers.isEmpty()) {
            return List.of("workers: off");
        }
        Workers w = workers.get();
        String running = "workers: " + w.count() + " running " + w.command().map(c -> "`" + c + "`").orElseThrow()
                + w.workingDirectory().map(dir -> " in " + dir).orElse("")
                + w.logDirectory().map(dir -> ", output to " + dir.resolve("worker-N.log"))
                        .orElse(", output to the log")
                // Names only: values may be secrets, and --check output ends up in logs and terminals.
                + (w.environment().isEmpty() ? ""
                        : ", environment: " + String.join(", ", new TreeSet<>(w.environment().keySet())));
        String lifecycle = "worker lifecycle: start timeout " + w.startTimeout().toMillis() + " ms, stop grace "
                + w.stopGrace().toMillis() + " ms, respawn backoff " + w.initialBackoff().toMillis() + " ms up to "
                + w.maxBackoff().toMillis() + " ms, crash-loop limit " + w.crashLoopLimit() + ", stable after "
                + w.stableAfter().toMillis() + " ms";
        return List.of(running, lifecycle);
    }
}
