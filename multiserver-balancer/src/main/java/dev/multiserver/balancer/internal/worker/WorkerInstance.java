package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.Backend;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One launched instance of a worker slot. Its mutable fields are touched on the supervisor's thread only. */
final class WorkerInstance {

    final LaunchedWorker process;
    final int port;
    final Backend backend;
    /** Completes when it joined the pool; fails when it ended before. */
    final CompletableFuture<WorkerInstance> ready;
    /** Completes once the supervisor has handled its end (events fired, pool updated). */
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    final long startedNanos = System.nanoTime();
    volatile long upSinceNanos;
    boolean inPool;
    boolean ended;
    /** Set when the supervisor stops it on purpose: its exit is then not a crash. */
    boolean stopRequested;
    /** Set when the supervisor kills it because it failed (start timeout, failing checks). */
    String failure;

    WorkerInstance(LaunchedWorker process, int port, CompletableFuture<WorkerInstance> ready) {
        this.process = process;
        this.port = port;
        this.backend = Backend.of("http://127.0.0.1:" + port);
        this.ready = ready;
    }

    boolean isUp() {
        return upSinceNanos != 0;
    }

    Duration alive() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** e.g. "pid 1234, port 40001", or "port 40001" in process. */
    String describe() {
        return process.pid().isPresent() ? "pid " + process.pid().getAsLong() + ", port " + port : "port " + port;
    }
}
