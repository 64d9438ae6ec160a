package dev.multiserver.mongo.internal;

import dev.multiserver.mongo.MongoEventChannel;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.EventChannelProvider;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code mongodb://} and {@code mongodb+srv://} URIs for
 * {@link dev.multiserver.pubsub.EventChannels#open(String, EventChannelOptions)}; found by
 * {@link java.util.ServiceLoader}, not meant to be used directly.
 */
public final class MongoEventChannelProvider implements EventChannelProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    @Override
    public EventChannel open(URI uri, EventChannelOptions options) {
        return MongoEventChannel.builder(uri.toString()).options(options).build();
    }
}
