package dev.multiserver.pubsub;

import java.net.URI;
import java.util.Set;

/**
 * Opens the event channels of some URI schemes; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.multiserver.pubsub.EventChannelProvider}. Each channel module ships one.
 */
public interface EventChannelProvider {

    /** The URI schemes this provider opens, in lower case. */
    Set<String> schemes();

    /**
     * Opens a channel; the URI has one of {@link #schemes()}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed for this channel
     */
    EventChannel open(URI uri, EventChannelOptions options);
}
