package dev.multiserver.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A channel URI: the {@code mode} option, which is ours, taken out of the query before the rest goes to the driver
 * (which would refuse an option it does not know).
 */
record ChannelUri(MongoUri mongo, ChannelMode mode) {

    static ChannelUri parse(String uri) {
        String trimmed = uri.trim();
        int query = trimmed.indexOf('?');
        if (query < 0) {
            return new ChannelUri(MongoUri.parse(trimmed, null, MongoUri.Use.EVENT_CHANNEL), ChannelMode.AUTO);
        }
        ChannelMode mode = null;
        List<String> kept = new ArrayList<>();
        for (String option : trimmed.substring(query + 1).split("[&;]")) {
            int equals = option.indexOf('=');
            String name = equals < 0 ? option : option.substring(0, equals);
            if (!name.toLowerCase(Locale.ROOT).equals(ChannelMode.OPTION)) {
                if (!option.isEmpty()) {
                    kept.add(option);
                }
                continue;
            }
            if (mode != null) {
                throw new IllegalArgumentException("event channel '" + MongoUri.redact(trimmed)
                        + "': the option mode is given twice");
            }
            mode = ChannelMode.of(equals < 0 ? "" : option.substring(equals + 1), MongoUri.redact(trimmed));
        }
        String rest = trimmed.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        try {
            return new ChannelUri(MongoUri.parse(rest, null, MongoUri.Use.EVENT_CHANNEL),
                    mode == null ? ChannelMode.AUTO : mode);
        } catch (IllegalArgumentException e) {
            // name the URI as the user wrote it, not as the driver got it
            String message = e.getMessage().replace("'" + MongoUri.redact(rest) + "'",
                    "'" + MongoUri.redact(trimmed) + "'");
            throw new IllegalArgumentException(message, e.getCause());
        }
    }
}
