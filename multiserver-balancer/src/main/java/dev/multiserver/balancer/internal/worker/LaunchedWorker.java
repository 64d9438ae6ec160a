package dev.multiserver.balancer.internal.worker;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** One running instance of a worker, a child process or an in-process application. */
interface LaunchedWorker {

    /** The process id, for a child process. */
    OptionalLong pid();

    /**
     * Completes when the instance has ended, with how in words ("exited with status 1"); never
     * exceptionally.
     */
    CompletableFuture<String> ended();

    /** Asks it to stop, and forces it after {@code grace}; returns at once. */
    void stop(Duration grace, ScheduledExecutorService timer);
}
