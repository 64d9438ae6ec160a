package dev.multiserver.balancer;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Something that happened to a backend of a running balancer: the original's {@code onBoot} and
 * {@code onCrash}, and more.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .listener(event -> {
 *             if (event.kind() == BackendEvent.Kind.DOWN) {
 *                 alerts.send(event.backend() + " is down: " + event.reason());
 *             }
 *         })
 * }</pre>
 *
 * @param kind    what happened
 * @param backend the backend it happened to
 * @param reason  why, in words (e.g. "3 failed health checks: connection refused")
 * @param at      when
 */
public record BackendEvent(Kind kind, Backend backend, String reason, Instant at) {

    public BackendEvent {
        requireNonNull(kind, "kind");
        requireNonNull(backend, "backend");
        requireNonNull(reason, "reason");
        requireNonNull(at, "at");
    }

    /** What happened to a backend. */
    public enum Kind {
        /** It joined the pool (at start or at runtime). */
        ADDED,
        /** It left the pool. */
        REMOVED,
        /** It was down and takes requests again. */
        UP,
        /** It failed health checks or too many requests, and takes no requests. */
        DOWN,
        /** It takes no new requests and leaves the pool when those in flight finish. */
        DRAINING
    }
}
