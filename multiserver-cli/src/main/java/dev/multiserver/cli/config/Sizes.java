package dev.multiserver.cli.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the sizes people write in flags and config files: a number of bytes ({@code 65536}), or an
 * amount with a binary unit: {@code 512B}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB}.
 *
 * <pre>{@code
 * int maxBody = Sizes.parse("64KiB"); // 65536
 * }</pre>
 *
 * <p>{@code KB} and {@code MB} are refused: they mean powers of 1000 to some and of 1024 to others.
 */
public final class Sizes {

    /** What the error messages offer as examples. */
    public static final String EXAMPLES = "e.g. 65536, 64KiB, 1MiB";

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)?");

    private Sizes() {
    }

    /**
     * Returns the number of bytes {@code text} denotes.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not a size of zero or more, or
     *     is larger than an {@code int} holds
     */
    public static int parse(String text) {
        requireNonNull(text, "text");
        String trimmed = text.strip();
        Matcher m = AMOUNT_AND_UNIT.matcher(trimmed);
        if (!m.matches()) {
            String why = trimmed.startsWith("-") ? " is negative (expected a size of 0 or more, "
                    : " is not a size (expected ";
            throw new IllegalArgumentException("'" + text + "'" + why + EXAMPLES + ")");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large (expected at most "
                    + Integer.MAX_VALUE + " bytes)");
        }
        return (int) bytes;
    }

    private static long unit(String suffix) {
        if (suffix == null) {
            return 1;
        }
        return switch (suffix) {
            case "B" -> 1;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> throw new AssertionError(suffix);
        };
    }
}
