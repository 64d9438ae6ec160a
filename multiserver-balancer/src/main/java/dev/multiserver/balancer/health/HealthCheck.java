package dev.multiserver.balancer.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Active health checking: the balancer sends {@code GET path} to every backend each {@code interval};
 * an answer with a 2xx or 3xx status within {@code timeout} is a pass. A backend is marked down after
 * {@code fall} failures in a row and up again after {@code rise} passes in a row.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .healthCheck(HealthCheck.of("/health").withInterval(Duration.ofSeconds(2)).withFall(2))
 * }</pre>
 *
 * <p>Immutable; each {@code with} returns a copy (or this object when nothing changes).
 */
public final class HealthCheck {

    private final String path;
    private final Duration interval;
    private final Duration timeout;
    private final int rise;
    private final int fall;

    private HealthCheck(String path, Duration interval, Duration timeout, int rise, int fall) {
        this.path = path;
        this.interval = interval;
        this.timeout = timeout;
        this.rise = rise;
        this.fall = fall;
    }

    /** Checks {@code path} every 5 s with a 2 s timeout, rise 2, fall 3. */
    public static HealthCheck of(String path) {
        requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("health check path: '" + path
                    + "' (expected: an absolute path such as /health, without spaces or control characters)");
        }
        return new HealthCheck(path, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);
    }

    /** How often each backend is checked; at least 10 ms. */
    public HealthCheck withInterval(Duration interval) {
        requireNonNull(interval, "interval");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("health check interval: " + interval + " (expected: >= 10 ms)");
        }
        return interval.equals(this.interval) ? this : new HealthCheck(path, interval, timeout, rise, fall);
    }

    /** How long a check may take before it counts as failed; at least 1 ms. */
    public HealthCheck withTimeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("health check timeout: " + timeout + " (expected: >= 1 ms)");
        }
        return timeout.equals(this.timeout) ? this : new HealthCheck(path, interval, timeout, rise, fall);
    }

    /** Passes in a row that bring a down backend back; 1 to 100. */
    public HealthCheck withRise(int rise) {
        checkThreshold("rise", rise);
        return rise == this.rise ? this : new HealthCheck(path, interval, timeout, rise, fall);
    }

    /** Failures in a row that take an up backend down; 1 to 100. */
    public HealthCheck withFall(int fall) {
        checkThreshold("fall", fall);
        return fall == this.fall ? this : new HealthCheck(path, interval, timeout, rise, fall);
    }

    private static void checkThreshold(String name, int value) {
        if (value < 1 || value > 100) {
            throw new IllegalArgumentException("health check " + name + ": " + value + " (expected: 1-100)");
        }
    }

    public String path() {
        return path;
    }

    public Duration interval() {
        return interval;
    }

    public Duration timeout() {
        return timeout;
    }

    public int rise() {
        return rise;
    }

    public int fall() {
        return fall;
    }

    @Override
    public String toString() {
        return "GET " + path + " every " + interval.toMillis() + " ms (timeout " + timeout.toMillis() + " ms, rise "
                + rise + ", fall " + fall + ")";
    }
}
