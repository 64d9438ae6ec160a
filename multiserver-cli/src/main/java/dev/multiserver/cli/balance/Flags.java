package dev.multiserver.cli.balance;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Hands the flags given on the command line to their setters; a refused value is a usage error naming the flag. */
final class Flags {

    private final CommandLine cli;

    Flags(CommandLine cli) {
        this.cli = cli;
    }

    Origin origin(String flag) {
        return Origin.flag(cli, flag);
    }

    Origin environment(String variable) {
        return Origin.environment(cli, variable);
    }

    /** When {@code flag} was given ({@code value} is not null), passes its value to {@code setter}. */
    <T> void set(String flag, T value, Consumer<? super T> setter) {
        if (value != null) {
            origin(flag).accept(value, setter);
        }
    }

    /** When {@code flag} was given, passes its value, and the flag as its origin, to a part of a setting. */
    <T> void part(String flag, T value, BiConsumer<? super T, Origin> setter) {
        if (value != null) {
            setter.accept(value, origin(flag));
        }
    }
}
