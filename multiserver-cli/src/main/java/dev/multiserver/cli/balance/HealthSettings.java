package dev.multiserver.cli.balance;

import dev.multiserver.balancer.health.HealthCheck;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The active health check as {@code --health-*} and {@code health:} give it, part by part. The path
 * turns it on; the other parts only tune it, so giving one without a path is an error rather than
 * silently nothing.
 */
final class HealthSettings {

    private Given<String> path;
    private Given<Duration> interval;
    private Given<Duration> timeout;
    private Given<Integer> rise;
    private Given<Integer> fall;

    void path(String value, Origin origin) {
        path = new Given<>(value, origin);
    }

    void interval(Duration value, Origin origin) {
        interval = new Given<>(value, origin);
    }

    void timeout(Duration value, Origin origin) {
        timeout = new Given<>(value, origin);
    }

    void rise(int value, Origin origin) {
        rise = new Given<>(value, origin);
    }

    void fall(int value, Origin origin) {
        fall = new Given<>(value, origin);
    }

    /** The check these parts make, or none when no path was given. */
    Optional<HealthCheck> resolve() {
        if (path == null) {
            Optional<Given<?>> tuning = Stream.<Given<?>>of(interval, timeout, rise, fall)
                    .filter(part -> part != null).findFirst();
            if (tuning.isPresent()) {
                throw tuning.get().origin().problem("needs a health check path to check "
                        + "(--health-path, or path: under health: in the config)");
            }
            return Optional.empty();
        }
        HealthCheck check = path.apply(HealthCheck::of);
        if (interval != null) {
            check = interval.apply(check::withInterval);
        }
        if (timeout != null) {
            check = timeout.apply(check::withTimeout);
        }
        if (rise != null) {
            check = rise.apply(check::withRise);
        }
        if (fall != null) {
            check = fall.apply(check::withFall);
        }
        return Optional.of(check);
    }
}
