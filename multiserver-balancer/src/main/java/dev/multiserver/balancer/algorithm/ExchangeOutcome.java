package dev.multiserver.balancer.algorithm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How one exchange with a backend ended.
 *
 * @param kind    what happened
 * @param status  the backend's response status, or 0 when it sent none
 * @param latency from sending the request head to receiving the response head (or to the failure)
 */
public record ExchangeOutcome(Kind kind, int status, Duration latency) {

    public ExchangeOutcome {
        requireNonNull(kind, "kind");
        requireNonNull(latency, "latency");
    }

    /** What happened to an exchange. */
    public enum Kind {
        /** The backend sent a complete response. */
        RESPONDED,
        /** The connection could not be opened: refused, unreachable or timed out. */
        CONNECT_FAILED,
        /** The backend did not answer within the response timeout. */
        TIMED_OUT,
        /** The backend closed or reset the connection before finishing its response. */
        BROKEN,
        /** The client went away before the response was complete. */
        CANCELLED
    }

    /** Whether the backend behaved (it answered, whatever the status). */
    public boolean isSuccess() {
        return kind == Kind.RESPONDED;
    }
}
