package dev.multiserver.redis.internal;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStoreOptions;
import dev.multiserver.cache.ResponseCacheStoreProvider;
import dev.multiserver.redis.RedisResponseCacheStore;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code redis://}, {@code rediss://} and {@code redis-cluster://} URIs for
 * {@link dev.multiserver.cache.ResponseCacheStores#open(String)}; found by {@link java.util.ServiceLoader}.
 */
public final class RedisResponseCacheStoreProvider implements ResponseCacheStoreProvider {

    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-cluster");

    @Override
    public Set<String> schemes() {
        return SCHEMES;
    }

    @Override
    public ResponseCacheStore open(URI uri, ResponseCacheStoreOptions options) {
        return RedisResponseCacheStore.builder(uri.toString()).options(options).build();
    }
}
