package dev.multiserver.redis;

import java.util.Locale;

/**
 * A channel's URI: a store URI ({@link RedisStoreUri}) and an optional {@code ?mode=pubsub|streams}, the only query
 * parameter a channel reads.
 *
 * @param base the URI without its query
 * @param mode the mode the query names, or {@code null} when it names none
 */
record ChannelUri(RedisStoreUri base, RedisEventChannel.Mode mode) {

    private static final String KIND = "event channel";

    /** @throws IllegalArgumentException naming the URI without its password and what is wrong with it */
    static ChannelUri parse(String uri) {
        String text = uri.trim();
        int query = text.indexOf('?', Math.max(0, text.indexOf("://")));
        if (query < 0) {
            return new ChannelUri(parseBase(text), null);
        }
        RedisStoreUri base = parseBase(text.substring(0, query));
        RedisEventChannel.Mode mode = null;
        for (String parameter : text.substring(query + 1).split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            if (!name.equals("mode")) {
                throw malformed(text, "unknown query parameter '" + name + "' (expected: mode)");
            }
            if (mode != null) {
                throw malformed(text, "mode given twice");
            }
            mode = switch (value.toLowerCase(Locale.ROOT)) {
                case "pubsub" -> RedisEventChannel.Mode.PUBSUB;
                case "streams" -> RedisEventChannel.Mode.STREAMS;
                default -> throw malformed(text, "unknown mode '" + value + "' (expected: pubsub or streams)");
            };
        }
        return new ChannelUri(base, mode);
    }

    private static RedisStoreUri parseBase(String text) {
        return RedisStoreUri.parse(text, KIND, "a channel takes only ?mode=pubsub or ?mode=streams");
    }

    private static IllegalArgumentException malformed(String uri, String problem) {
        return new IllegalArgumentException(KIND + " '" + RedisStoreUri.redact(uri) + "': " + problem);
    }
}
