package dev.multiserver.balancer.internal.worker;

import java.util.concurrent.CompletableFuture;

/** Starts instances of a worker; the supervisor calls it on its own thread. */
interface WorkerLauncher {

    /**
     * Starts an instance that listens on {@code port}. The future fails with a message that names the
     * worker and what could not start.
     */
    CompletableFuture<LaunchedWorker> launch(String workerId, int port);

    /** What it starts, for messages: the command or "in-process application". */
    String describe();
}
