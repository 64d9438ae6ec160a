package dev.multiserver.balancer.worker;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static dev.multiserver.balancer.internal.Checks.positive;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures {@link Workers}. Every setter checks its value at once and names it when it is wrong;
 * {@link #build()} can be called again.
 */
public final class WorkersBuilder {

    /** The most workers one balancer runs. */
    public static final int MAX_COUNT = 256;

    final String command;
    final InProcessApplication application;
    int count = Math.min(MAX_COUNT, Runtime.getRuntime().availableProcessors());
    Duration startTimeout = Duration.ofSeconds(30);
    Duration stopGrace = Duration.ofSeconds(10);
    Duration initialBackoff = Duration.ofMillis(500);
    Duration maxBackoff = Duration.ofSeconds(30);
    int crashLoopLimit = 5;
    Duration stableAfter = Duration.ofSeconds(30);
    Path logDirectory;
    Path workingDirectory;
    final Map<String, String> environment = new LinkedHashMap<>();
    final List<WorkerListener> listeners = new ArrayList<>();

    WorkersBuilder(String command, InProcessApplication application) {
        this.command = command;
        this.application = application;
    }

    /** How many workers to keep running; default: the number of processors. */
    public WorkersBuilder count(int count) {
        checkArgument(count >= 1 && count <= MAX_COUNT, "workers: %s (expected: 1-%s)", count, MAX_COUNT);
        this.count = count;
        return this;
    }

    /** How long a new worker has to answer; default 30 s. */
    public WorkersBuilder startTimeout(Duration startTimeout) {
        this.startTimeout = positive("startTimeout", startTimeout);
        return this;
    }

    /** Time between SIGTERM and SIGKILL when a worker is stopped; default 10 s. */
    public WorkersBuilder stopGrace(Duration stopGrace) {
        requireNonNull(stopGrace, "stopGrace");
        checkArgument(!stopGrace.isNegative(), "stopGrace: %s (expected: >= 0)", stopGrace);
        this.stopGrace = stopGrace;
        return this;
    }

    /**
     * The respawn backoff: {@code initial} after the first crash in a row, doubling up to {@code max};
     * default 500 ms up to 30 s.
     */
    public WorkersBuilder backoff(Duration initial, Duration max) {
        positive("initialBackoff", initial);
        positive("maxBackoff", max);
        checkArgument(max.compareTo(initial) >= 0, "maxBackoff: %s (expected: >= initialBackoff %s)", max, initial);
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** Crashes in a row after which a slot stops respawning; default 5. */
    public WorkersBuilder crashLoopLimit(int crashLoopLimit) {
        checkArgument(crashLoopLimit >= 1, "crashLoopLimit: %s (expected: >= 1)", crashLoopLimit);
        this.crashLoopLimit = crashLoopLimit;
        return this;
    }

    /** How long a worker must stay up for its slot's crash count to start again; default 30 s. */
    public WorkersBuilder stableAfter(Duration stableAfter) {
        this.stableAfter = positive("stableAfter", stableAfter);
        return this;
    }

    /** Writes each child process's output to {@code directory/worker-N.log} instead of the balancer's log. */
    public WorkersBuilder logDirectory(Path directory) {
        requireNonNull(directory, "logDirectory");
        checkCommand("logDirectory");
        this.logDirectory = directory;
        return this;
    }

    /** The working directory of child processes. */
    public WorkersBuilder workingDirectory(Path directory) {
        requireNonNull(directory, "workingDirectory");
        checkCommand("workingDirectory");
        this.workingDirectory = directory;
        return this;
    }

    /**
     * Adds a variable to the environment of child processes. {@code PORT} and {@value Workers#WORKER_ID_VARIABLE}
     * are set by the balancer.
     */
    public WorkersBuilder environment(String name, String value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        checkCommand("environment");
        checkArgument(!name.isEmpty() && name.indexOf('=') < 0 && name.indexOf('\0') < 0,
                "environment: '%s' (expected: a variable name without '=')", name);
        checkArgument(!name.equals("PORT"), "environment: PORT is set by the balancer to each worker's port");
        checkArgument(!name.equals(Workers.WORKER_ID_VARIABLE), "environment: %s is set by the balancer to each "
                + "worker's id", Workers.WORKER_ID_VARIABLE);
        environment.put(name, value);
        return this;
    }

    /** Adds a listener told of every worker's starts, exits and respawns. */
    public WorkersBuilder listener(WorkerListener listener) {
        listeners.add(requireNonNull(listener, "listener"));
        return this;
    }

    public Workers build() {
        return new Workers(this);
    }

    private void checkCommand(String setting) {
        checkArgument(command != null, "%s: only child-process workers have one (these are in-process)", setting);
    }
}
