package dev.multiserver.mongo;

import java.util.Locale;

/** How a {@link MongoEventChannel} learns of new messages: the URI's {@code mode} option. */
enum ChannelMode {

    /** Change streams when the server supports them (a replica set or sharded cluster), else polling. */
    AUTO,
    /** Change streams only: a server without them keeps the channel retrying. */
    CHANGE_STREAMS,
    /** Querying the collection every poll interval, the way the original synchronizer did. */
    POLLING;

    static final String OPTION = "mode";

    /** The mode named by the value of the URI's {@code mode} option. */
    static ChannelMode of(String value, String redactedUri) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "changestreams" -> CHANGE_STREAMS;
            case "polling" -> POLLING;
            default -> throw new IllegalArgumentException("event channel '" + redactedUri + "': mode '" + value
                    + "' is not known (expected: auto, changestreams or polling)");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
