package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.worker.WorkerStatus;
import dev.multiserver.balancer.worker.WorkerStatus.State;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One worker as the user sees it ({@code worker-2}): it keeps its id while its instances come and go.
 * Changed on the supervisor's thread only; the volatile fields are read by {@link #status()} from any.
 */
final class WorkerSlot {

    final String id;
    final int number;
    /** Completes when an instance of this slot is first up; fails when the slot gives up before. */
    final CompletableFuture<Void> firstUp = new CompletableFuture<>();
    volatile State state = State.STARTING;
    volatile WorkerInstance current;
    WorkerInstance replacement;
    volatile int restarts;
    volatile int crashes;
    volatile String lastError;
    int launches;
    int crashesInARow;
    ScheduledFuture<?> respawn;
    boolean removed;

    WorkerSlot(int number) {
        this.number = number;
        this.id = "worker-" + number;
    }

    void cancelRespawn() {
        if (respawn != null) {
            respawn.cancel(false);
            respawn = null;
        }
    }

    WorkerStatus status() {
        WorkerInstance instance = current;
        State now = state;
        OptionalLong pid = instance == null ? OptionalLong.empty() : instance.process.pid();
        long upSince = instance == null ? 0 : instance.upSinceNanos;
        Duration uptime = now == State.UP && upSince != 0 ? Duration.ofNanos(System.nanoTime() - upSince)
                : Duration.ZERO;
        return new WorkerStatus(id, now, pid, instance == null ? 0 : instance.port, restarts, crashes, uptime,
                Optional.ofNullable(lastError));
    }
}
