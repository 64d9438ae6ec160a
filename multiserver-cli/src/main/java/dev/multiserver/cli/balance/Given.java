package dev.multiserver.cli.balance;

import java.util.function.Function;

/** A value for one part of a setting, and where it came from. */
record Given<T>(T value, Origin origin) {

    /** {@code function(value)}, with an {@link IllegalArgumentException} reported against the origin. */
    <R> R apply(Function<? super T, ? extends R> function) {
        return origin.apply(value, function);
    }
}
