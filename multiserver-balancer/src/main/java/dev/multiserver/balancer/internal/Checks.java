package dev.multiserver.balancer.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The argument checks the builders share, so their messages read the same everywhere. */
public final class Checks {

    private Checks() {
    }

    /** @throws IllegalArgumentException with the formatted message when {@code ok} is false */
    public static void checkArgument(boolean ok, String message, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(message, args));
        }
    }

    /** Returns {@code value} when it is more than zero; otherwise names it. */
    public static Duration positive(String name, Duration value) {
        requireNonNull(value, name);
        checkArgument(!value.isNegative() && !value.isZero(), "%s: %s (expected: > 0)", name, value);
        return value;
    }
}
