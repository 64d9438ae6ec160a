package dev.multiserver.balancer.worker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Something that happened to a worker: the original's {@code onCrash}, and more.
 *
 * <pre>{@code
 * Workers.command("java -jar app.jar --port {port}")
 *         .listener(event -> {
 *             if (event.kind() == WorkerEvent.Kind.GAVE_UP) {
 *                 alerts.send(event.worker() + ": " + event.detail());
 *             }
 *         })
 * }</pre>
 *
 * @param kind    what happened
 * @param worker  the worker's id, e.g. {@code worker-2} (it stays the same across respawns)
 * @param pid     the process id, when the worker is a child process that was started
 * @param port    the port the instance was given
 * @param detail  what happened in words, e.g. "exited with status 137 (SIGKILL) after 4.2 s"
 * @param backoff for {@link Kind#RESPAWN_SCHEDULED}: the wait before the respawn; otherwise zero
 * @param at      when
 */
public record WorkerEvent(Kind kind, String worker, OptionalLong pid, int port, String detail, Duration backoff,
        Instant at) {

    public WorkerEvent {
        requireNonNull(kind, "kind");
        requireNonNull(worker, "worker");
        requireNonNull(pid, "pid");
        requireNonNull(detail, "detail");
        requireNonNull(backoff, "backoff");
        requireNonNull(at, "at");
    }

    /** What happened to a worker. */
    public enum Kind {
        /** An instance was launched; it is not yet in the pool. */
        STARTED,
        /** It answered and joined the pool as a backend. */
        UP,
        /** It exited, failed to start, or stopped answering, without being asked to stop. */
        CRASHED,
        /** A replacement will be started after {@link #backoff()}. */
        RESPAWN_SCHEDULED,
        /** Too many crashes in a row: the slot is not respawned any more (until a restart or scale). */
        GAVE_UP,
        /** It was stopped on purpose (shutdown, rolling restart, scale down). */
        STOPPED
    }
}
