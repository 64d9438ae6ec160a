package dev.multiserver.cli.balance;

import dev.multiserver.balancer.health.PassiveHealthCheck;
import java.time.Duration;

/**
 * Passive health checking (ejection) as {@code --eject-*} and {@code passiveHealth:} give it, part by
 * part: on by default, and {@code 0} failures turns it off.
 */
final class PassiveHealthSettings {

    private Given<Integer> consecutiveFailures;
    private Given<Duration> ejectionTime;
    private Given<Duration> maxEjectionTime;

    void consecutiveFailures(int value, Origin origin) {
        consecutiveFailures = new Given<>(value, origin);
    }

    void ejectionTime(Duration value, Origin origin) {
        ejectionTime = new Given<>(value, origin);
    }

    void maxEjectionTime(Duration value, Origin origin) {
        maxEjectionTime = new Given<>(value, origin);
    }

    PassiveHealthCheck resolve() {
        if (consecutiveFailures != null && consecutiveFailures.value() < 0) {
            throw consecutiveFailures.origin().invalid(consecutiveFailures.value()
                    + " (expected: 0 to turn ejection off, or a number of failures)");
        }
        if (consecutiveFailures != null && consecutiveFailures.value() == 0) {
            Given<Duration> time = ejectionTime != null ? ejectionTime : maxEjectionTime;
            if (time != null) {
                throw time.origin().problem("has no effect: ejection is off ("
                        + consecutiveFailures.origin().name() + " 0)");
            }
            return PassiveHealthCheck.disabled();
        }
        PassiveHealthCheck check = consecutiveFailures == null ? PassiveHealthCheck.defaults()
                : consecutiveFailures.apply(PassiveHealthCheck::ofConsecutiveFailures);
        if (ejectionTime != null) {
            check = ejectionTime.apply(check::withEjectionTime);
        }
        if (maxEjectionTime != null) {
            check = maxEjectionTime.apply(check::withMaxEjectionTime);
        }
        return check;
    }
}
