package dev.multiserver.cli.config;

import java.util.regex.Pattern;

/**
 * Rewords the library's validation messages for the command line. A builder says
 * {@code maxConcurrentConnections: -1 (expected: >= 0)}, or {@code health check interval: PT0S (…)},
 * naming its own setter; a user typed {@code --max-connections} or {@code maxConnections:}, so that
 * is the name to show.
 */
public final class ValueErrors {

    private static final Pattern SETTER_NAME = Pattern.compile("^[A-Za-z]+(?: [A-Za-z]+){0,4}: ");

    private ValueErrors() {
    }

    /** The message of {@code e} without the setter name (up to five words) it starts with, if any. */
    public static String detail(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        return SETTER_NAME.matcher(message).replaceFirst("");
    }
}
