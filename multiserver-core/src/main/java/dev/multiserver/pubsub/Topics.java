package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

/** The checks every channel makes on what it is given, so that all of them refuse the same input the same way. */
public final class Topics {

    /** The longest topic name, in characters. */
    public static final int MAX_LENGTH = 200;

    private Topics() {
    }

    /**
     * Returns the topic when it is 1 to {@link #MAX_LENGTH} characters without control characters.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String check(String topic) {
        requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("topic: " + topic.length() + " characters (expected: 1 to "
                    + MAX_LENGTH + ")");
        }
        for (int i = 0; i < topic.length(); i++) {
            if (Character.isISOControl(topic.charAt(i))) {
                throw new IllegalArgumentException("topic '" + topic.replaceAll("\\p{Cntrl}", "?")
                        + "': control character at index " + i);
            }
        }
        return topic;
    }

    /**
     * Returns the payload when it is at most {@link EventChannel#MAX_PAYLOAD_BYTES} long.
     *
     * @throws IllegalArgumentException naming the size
     */
    public static byte[] checkPayload(byte[] payload) {
        requireNonNull(payload, "payload");
        if (payload.length > EventChannel.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload: " + payload.length + " bytes (expected: at most "
                    + EventChannel.MAX_PAYLOAD_BYTES + ")");
        }
        return payload;
    }
}
