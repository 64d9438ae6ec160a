package dev.multiserver.redis.internal;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.EventChannelProvider;
import dev.multiserver.redis.RedisEventChannel;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code redis://}, {@code rediss://} and {@code redis-cluster://} URIs for
 * {@link dev.multiserver.pubsub.EventChannels#open(String)}; found by {@link java.util.ServiceLoader}.
 */
public final class RedisEventChannelProvider implements EventChannelProvider {

    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-cluster");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public EventChannel open(URI uri, EventChannelOptions options) {
        return RedisEventChannel.builder(uri.toString()).options(options).build();
    }
}
