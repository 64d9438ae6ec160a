package dev.multiserver.balancer.worker;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one worker slot, as {@code GET /workers} shows it.
 *
 * @param id        the worker's id, e.g. {@code worker-2}
 * @param state     what it is doing now
 * @param pid       the process id of its current instance, when it is a child process
 * @param port      the port of its current instance; 0 when none runs
 * @param restarts  instances started after the first one (respawns and rolling restarts)
 * @param crashes   crashes in total
 * @param uptime    how long the current instance has been up; zero when it is not
 * @param lastError the last crash or start failure, in words
 */
public record WorkerStatus(String id, State state, OptionalLong pid, int port, int restarts, int crashes,
        Duration uptime, Optional<String> lastError) {

    public WorkerStatus {
        requireNonNull(id, "id");
        requireNonNull(state, "state");
        requireNonNull(pid, "pid");
        requireNonNull(uptime, "uptime");
        requireNonNull(lastError, "lastError");
    }

    /** What a worker slot is doing. */
    public enum State {
        /** An instance was launched and has not answered yet. */
        STARTING,
        /** Its instance is a backend in the pool. */
        UP,
        /** It crashed and waits for its respawn. */
        BACKOFF,
        /** It crashed too often in a row and is not respawned. */
        FAILED,
        /** It is being stopped (shutdown or scale down). */
        STOPPING,
        /** It was stopped. */
        STOPPED
    }
}
