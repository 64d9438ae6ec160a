package dev.multiserver.pubsub;

/**
 * An event channel failed: its server is unreachable or too slow, the channel is closed, or the server refused an
 * operation. The message starts with the channel's URI (without credentials).
 *
 * <pre>{@code
 * channel.publish("chat", bytes).exceptionally(e -> {
 *     // "redis://10.0.0.5:6379: publish to topic 'chat' failed: Connection refused"
 *     return null;
 * });
 * }</pre>
 */
public class EventChannelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String channelUri;

    public EventChannelException(String channelUri, String message, Throwable cause) {
        super(channelUri + ": " + message, cause);
        this.channelUri = channelUri;
    }

    public EventChannelException(String channelUri, String message) {
        this(channelUri, message, null);
    }

    /** The URI of the channel that failed, without credentials. */
    public String channelUri() {
        return channelUri;
    }
}
