package dev.multiserver.balancer.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Passive health checking: real traffic tells. A backend whose last {@code consecutiveFailures} exchanges
 * all failed (no connection, no complete response, a timeout, or a 5xx status) is ejected: it takes no
 * requests for the ejection time, which doubles each time it is ejected again soon after, up to
 * {@code maxEjectionTime}. Then it gets requests again (and, if active checks run, must pass them). The
 * last backend that is up is never ejected: serving from it beats refusing everyone.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .passiveHealthCheck(PassiveHealthCheck.ofConsecutiveFailures(3).withEjectionTime(Duration.ofSeconds(5)))
 * }</pre>
 */
public final class PassiveHealthCheck {

    private static final PassiveHealthCheck DISABLED = new PassiveHealthCheck(0, Duration.ZERO, Duration.ZERO);

    private final int consecutiveFailures;
    private final Duration ejectionTime;
    private final Duration maxEjectionTime;

    private PassiveHealthCheck(int consecutiveFailures, Duration ejectionTime, Duration maxEjectionTime) {
        this.consecutiveFailures = consecutiveFailures;
        this.ejectionTime = ejectionTime;
        this.maxEjectionTime = maxEjectionTime;
    }

    /** The default: eject after 5 failures in a row, for 10 s at first and at most 5 minutes. */
    public static PassiveHealthCheck defaults() {
        return ofConsecutiveFailures(5);
    }

    /** Ejects after {@code failures} failures in a row (1 to 1000), for 10 s at first. */
    public static PassiveHealthCheck ofConsecutiveFailures(int failures) {
        if (failures < 1 || failures > 1000) {
            throw new IllegalArgumentException("passive health check consecutiveFailures: " + failures
                    + " (expected: 1-1000)");
        }
        return new PassiveHealthCheck(failures, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    /** No ejection by traffic. */
    public static PassiveHealthCheck disabled() {
        return DISABLED;
    }

    /** How long the first ejection lasts; at least 1 ms, and no more than the maximum. */
    public PassiveHealthCheck withEjectionTime(Duration time) {
        checkEnabled();
        requireNonNull(time, "ejectionTime");
        if (time.toMillis() < 1) {
            throw new IllegalArgumentException("passive health check ejectionTime: " + time + " (expected: >= 1 ms)");
        }
        Duration max = maxEjectionTime.compareTo(time) < 0 ? time : maxEjectionTime;
        return new PassiveHealthCheck(consecutiveFailures, time, max);
    }

    /** The longest an ejection lasts however often the backend fails; at least the ejection time. */
    public PassiveHealthCheck withMaxEjectionTime(Duration max) {
        checkEnabled();
        requireNonNull(max, "maxEjectionTime");
        if (max.compareTo(ejectionTime) < 0) {
            throw new IllegalArgumentException("passive health check maxEjectionTime: " + max
                    + " (expected: >= ejectionTime " + ejectionTime + ")");
        }
        return new PassiveHealthCheck(consecutiveFailures, ejectionTime, max);
    }

    private void checkEnabled() {
        if (!isEnabled()) {
            throw new IllegalStateException("passive health checking is disabled; start from ofConsecutiveFailures");
        }
    }

    public boolean isEnabled() {
        return consecutiveFailures > 0;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Duration ejectionTime() {
        return ejectionTime;
    }

    public Duration maxEjectionTime() {
        return maxEjectionTime;
    }

    @Override
    public String toString() {
        return isEnabled() ? "eject after " + consecutiveFailures + " failures for " + ejectionTime.toMillis()
                + " ms (up to " + maxEjectionTime.toMillis() + " ms)" : "disabled";
    }
}
