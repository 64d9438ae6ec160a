package dev.multiserver.cli.balance;

import dev.multiserver.cli.config.ConfigFile;
import dev.multiserver.cli.config.ValueErrors;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Where a setting's value came from — a flag, a config file key or an environment variable — so that
 * an error found later, when several values are put together, still names what the user wrote.
 */
interface Origin {

    /** {@code --health-interval}, {@code health.interval} or {@code MULTISERVER_ADMIN_TOKEN}. */
    String name();

    /** A usage error: the value is wrong, {@code detail} says why. */
    RuntimeException invalid(String detail);

    /** A usage error: the value cannot be used with the others, {@code detail} says why. */
    RuntimeException problem(String detail);

    /** Passes {@code value} to {@code setter}; an {@link IllegalArgumentException} becomes {@link #invalid}. */
    default <T> void accept(T value, Consumer<? super T> setter) {
        apply(value, v -> {
            setter.accept(v);
            return v;
        });
    }

    /** Applies {@code function} to {@code value}; an {@link IllegalArgumentException} becomes {@link #invalid}. */
    default <T, R> R apply(T value, Function<? super T, ? extends R> function) {
        try {
            return function.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(ValueErrors.detail(e));
        }
    }

    static Origin flag(CommandLine cli, String flag) {
        return new Flag(cli, flag);
    }

    static Origin key(ConfigFile file, String path) {
        return new Key(file, path);
    }

    static Origin environment(CommandLine cli, String variable) {
        return new Environment(cli, variable);
    }

    /** {@code Invalid value for option '--x': detail}, as picocli words its own errors. */
    record Flag(CommandLine cli, String name) implements Origin {
        @Override
        public RuntimeException invalid(String detail) {
            return new ParameterException(cli, "Invalid value for option '" + name + "': " + detail);
        }

        @Override
        public RuntimeException problem(String detail) {
            return new ParameterException(cli, name + ": " + detail);
        }
    }

    /** {@code lb.yaml: health.interval: detail}, as every config error reads. */
    record Key(ConfigFile file, String name) implements Origin {
        @Override
        public RuntimeException invalid(String detail) {
            return file.error(name, detail);
        }

        @Override
        public RuntimeException problem(String detail) {
            return file.error(name, detail);
        }
    }

    /** {@code Invalid value in environment variable X: detail}. */
    record Environment(CommandLine cli, String name) implements Origin {
        @Override
        public RuntimeException invalid(String detail) {
            return new ParameterException(cli, "Invalid value in environment variable " + name + ": " + detail);
        }

        @Override
        public RuntimeException problem(String detail) {
            return new ParameterException(cli, "Environment variable " + name + ": " + detail);
        }
    }
}
