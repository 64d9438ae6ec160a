package dev.multiserver.balancer.worker;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.internal.worker.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application's instances that a balancer starts, adds as backends, and keeps at strength.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .port(8080)
 *         .workers(Workers.command("java -jar app.jar --port {port}").count(3).build())
 *         .build()
 *         .start();   // returns once the three workers answer
 * }</pre>
 *
 * <p>Each worker gets a free loopback port, substituted for {@code {port}} in the command and given as
 * the {@code PORT} environment variable (a command may use either, or both); its id, as the balancer's logs,
 * events and admin API name it ({@code worker-1}, …), is in {@value #WORKER_ID_VARIABLE}. It joins the pool once it
 * answers the balancer's health check (or, without one, accepts a TCP connection) within
 * {@link #startTimeout()}. A worker that exits, fails to start, or fails its health checks is removed and
 * replaced after a backoff that doubles with each crash in a row, from {@link #initialBackoff()} up to
 * {@link #maxBackoff()}; after {@link #crashLoopLimit()} crashes in a row its slot gives up with an error.
 * A worker that stayed up for {@link #stableAfter()} starts the count again.
 *
 * <p>The command is split into words like a shell would (quotes and backslashes), without a shell: no
 * pipes, variables or {@code &&}. Use {@code sh -c '… exec java …'} for those; the {@code exec} matters,
 * as only the process the balancer started is killed with it if the balancer itself is killed.
 */
public final class Workers {

    /**
     * The environment variable that tells a child-process worker its id ({@code worker-1}, …), so that what it
     * reports about itself matches the balancer's logs, events and admin API.
     */
    public static final String WORKER_ID_VARIABLE = "MULTISERVER_WORKER_ID";

    private final String command;
    private final InProcessApplication application;
    private final int count;
    private final Duration startTimeout;
    private final Duration stopGrace;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int crashLoopLimit;
    private final Duration stableAfter;
    private final Path logDirectory;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final List<WorkerListener> listeners;

    Workers(WorkersBuilder b) {
        this.command = b.command;
        this.application = b.application;
        this.count = b.count;
        this.startTimeout = b.startTimeout;
        this.stopGrace = b.stopGrace;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.crashLoopLimit = b.crashLoopLimit;
        this.stableAfter = b.stableAfter;
        this.logDirectory = b.logDirectory;
        this.workingDirectory = b.workingDirectory;
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
        this.listeners = List.copyOf(b.listeners);
    }

    /**
     * Workers that are child processes running {@code command}, e.g.
     * {@code "java -jar app.jar --port {port}"}.
     */
    public static WorkersBuilder command(String command) {
        return new WorkersBuilder(CommandLine.check(command), null);
    }

    /** Workers that run inside the balancer's JVM, each started by {@code application} on its own port. */
    public static WorkersBuilder inProcess(InProcessApplication application) {
        requireNonNull(application, "application");
        return new WorkersBuilder(null, application);
    }

    /** The command of child-process workers; empty for in-process ones. */
    public Optional<String> command() {
        return Optional.ofNullable(command);
    }

    /** The application of in-process workers; empty for child processes. */
    public Optional<InProcessApplication> application() {
        return Optional.ofNullable(application);
    }

    /** How many workers the balancer keeps running. */
    public int count() {
        return count;
    }

    /** How long a new worker has to answer before its start counts as failed. */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** How long a stopping worker has between SIGTERM (or {@code stop}) and SIGKILL. */
    public Duration stopGrace() {
        return stopGrace;
    }

    /** The wait before replacing a worker after its first crash in a row; it doubles with each next one. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest wait before replacing a crashed worker. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** After this many crashes in a row, a worker's slot is not respawned any more. */
    public int crashLoopLimit() {
        return crashLoopLimit;
    }

    /** A worker up this long starts its slot's crash count again. */
    public Duration stableAfter() {
        return stableAfter;
    }

    /**
     * Where each child process's output goes, as {@code worker-N.log}; empty: into the balancer's log,
     * each line prefixed with {@code [worker-N]}.
     */
    public Optional<Path> logDirectory() {
        return Optional.ofNullable(logDirectory);
    }

    /** The working directory of child processes; empty: the balancer's. */
    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    /**
     * Variables added to the environment of child processes (besides {@code PORT} and
     * {@value #WORKER_ID_VARIABLE}), in the order given.
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** Who is told of each worker's starts, exits and respawns. */
    public List<WorkerListener> listeners() {
        return listeners;
    }

    @Override
    public String toString() {
        return count + " worker(s) " + (command != null ? "running `" + command + "`" : "in process");
    }
}
