package dev.multiserver.cli.balance;

import dev.multiserver.balancer.Backend;
import dev.multiserver.cli.config.ValueErrors;

/**
 * Reads a backend the way {@code --backend} and a YAML list item give it: {@code http://host:port} or
 * {@code https://host:port}, optionally with a weight in the fragment, {@code http://10.0.0.2:9001#weight=3}.
 */
final class BackendSpecs {

    private BackendSpecs() {
    }

    /** The backend {@code text} denotes; throws {@link IllegalArgumentException} naming {@code text} if none. */
    static Backend parse(String text) {
        int hash = text.indexOf('#');
        if (hash < 0) {
            return Backend.of(text);
        }
        Backend backend = Backend.of(text.substring(0, hash));
        String fragment = text.substring(hash + 1).strip();
        if (fragment.isEmpty()) {
            throw invalid(text, "nothing after # (expected e.g. #weight=3)");
        }
        Integer weight = null;
        for (String option : fragment.split("&", -1)) {
            int equals = option.indexOf('=');
            String key = equals < 0 ? option : option.substring(0, equals);
            if (!key.equals("weight")) {
                throw invalid(text, "unknown option '" + key + "' after # (known: weight)");
            }
            if (weight != null) {
                throw invalid(text, "weight is given twice");
            }
            String value = equals < 0 ? "" : option.substring(equals + 1);
            try {
                weight = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw invalid(text, "weight '" + value + "' is not a whole number (expected e.g. #weight=3)");
            }
        }
        try {
            return backend.withWeight(weight);
        } catch (IllegalArgumentException e) {
            throw invalid(text, "weight " + ValueErrors.detail(e));
        }
    }

    private static IllegalArgumentException invalid(String text, String detail) {
        return new IllegalArgumentException("'" + text + "': " + detail);
    }
}
