package dev.multiserver.redis.internal;

import dev.multiserver.redis.RedisSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreProvider;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code redis://}, {@code rediss://} and {@code redis-cluster://} URIs for
 * {@link dev.multiserver.session.SessionStores#open(String)}; found by {@link java.util.ServiceLoader}.
 */
public final class RedisSessionStoreProvider implements SessionStoreProvider {

    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-cluster");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public SessionStore open(URI uri, SessionStoreOptions options) {
        return RedisSessionStore.builder(uri.toString()).options(options).build();
    }
}
