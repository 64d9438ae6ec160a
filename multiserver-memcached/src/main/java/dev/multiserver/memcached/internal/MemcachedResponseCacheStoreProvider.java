package dev.multiserver.memcached.internal;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.cache.ResponseCacheStoreOptions;
import dev.multiserver.cache.ResponseCacheStoreProvider;
import dev.multiserver.memcached.MemcachedResponseCacheStore;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code memcached://} URIs for {@link dev.multiserver.cache.ResponseCacheStores#open(String)}; found by
 * {@link java.util.ServiceLoader}.
 */
public final class MemcachedResponseCacheStoreProvider implements ResponseCacheStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memcached");
    }

    @Override
    public ResponseCacheStore open(URI uri, ResponseCacheStoreOptions options) {
        return MemcachedResponseCacheStore.builder(uri.toString()).options(options).build();
    }
}
