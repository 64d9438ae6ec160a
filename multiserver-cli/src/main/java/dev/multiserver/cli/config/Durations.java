package dev.multiserver.cli.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people write in flags and config files: {@code 250ms}, {@code 5s},
 * {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT5S}.
 *
 * <pre>{@code
 * Duration timeout = Durations.parse("250ms");
 * }</pre>
 *
 * <p>A bare number is refused: {@code 5} could mean seconds or milliseconds, and guessing wrong is
 * worse than asking.
 */
public final class Durations {

    /** What the error messages offer as examples. */
    public static final String EXAMPLES = "e.g. 250ms, 5s, 2m";

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Returns the duration {@code text} denotes.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not a duration of zero or more
     */
    public static Duration parse(String text) {
        requireNonNull(text, "text");
        String trimmed = text.strip();
        Matcher m = AMOUNT_AND_UNIT.matcher(trimmed);
        if (m.matches()) {
            return amountOf(text, m.group(1), unit(m.group(2)));
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException(quote(text) + " is negative (expected a duration of 0 or more, "
                    + EXAMPLES + ")");
        }
        if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
            return iso(text, trimmed);
        }
        throw notADuration(text);
    }

    private static Duration amountOf(String text, String digits, ChronoUnit unit) {
        try {
            return Duration.of(Long.parseLong(digits), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(quote(text) + " is too long to be a duration");
        }
    }

    private static Duration iso(String text, String trimmed) {
        Duration parsed;
        try {
            parsed = Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw notADuration(text);
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException(quote(text) + " is negative (expected a duration of 0 or more, "
                    + EXAMPLES + ")");
        }
        return parsed;
    }

    private static ChronoUnit unit(String suffix) {
        return switch (suffix) {
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> throw new AssertionError(suffix);
        };
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(quote(text) + " is not a duration (expected " + EXAMPLES + ")");
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}
