package dev.multiserver.cache;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Cache-Control directives, parsed leniently: names lower-cased, quoted values unquoted, the first of a repeat kept. */
final class Directives {

    static final Directives NONE = new Directives(Map.of());
    /** A delta-seconds value that is present but not a number: treated as 0, the safe reading. */
    private static final long INVALID = 0;

    private final Map<String, String> values;

    private Directives(Map<String, String> values) {
        this.values = values;
    }

    static Directives parse(String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            return NONE;
        }
        Map<String, String> values = new HashMap<>();
        int i = 0;
        int length = headerValue.length();
        while (i < length) {
            while (i < length && (headerValue.charAt(i) == ',' || headerValue.charAt(i) == ' '
                    || headerValue.charAt(i) == '\t')) {
                i++;
            }
            int nameStart = i;
            while (i < length && headerValue.charAt(i) != '=' && headerValue.charAt(i) != ',') {
                i++;
            }
            String name = headerValue.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String value = "";
            if (i < length && headerValue.charAt(i) == '=') {
                i++;
                if (i < length && headerValue.charAt(i) == '"') {
                    StringBuilder quoted = new StringBuilder();
                    i++;
                    while (i < length && headerValue.charAt(i) != '"') {
                        if (headerValue.charAt(i) == '\\' && i + 1 < length) {
                            i++;
                        }
                        quoted.append(headerValue.charAt(i++));
                    }
                    i++;
                    value = quoted.toString();
                    while (i < length && headerValue.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int valueStart = i;
                    while (i < length && headerValue.charAt(i) != ',') {
                        i++;
                    }
                    value = headerValue.substring(valueStart, i).trim();
                }
            }
            if (!name.isEmpty()) {
                values.putIfAbsent(name, value);
            }
        }
        return new Directives(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The directive's delta-seconds in milliseconds; -1 when absent. */
    long millis(String name) {
        String value = values.get(name);
        if (value == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? INVALID : Math.min(seconds, Integer.MAX_VALUE) * 1000L;
        } catch (NumberFormatException notANumber) {
            return INVALID;
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
