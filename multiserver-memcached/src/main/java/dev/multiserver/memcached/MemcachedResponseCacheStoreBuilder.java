package dev.multiserver.memcached;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCacheStoreOptions;
import java.time.Duration;

/**
 * Builds a {@link MemcachedResponseCacheStore}; every setter checks its value at once, and {@link #build()} can be
 * called again for another store with the same settings.
 *
 * <pre>{@code
 * MemcachedResponseCacheStore store = MemcachedResponseCacheStore.builder("memcached://m1:11211,m2:11211")
 *         .timeout(Duration.ofMillis(200))  // every call; default 2 s
 *         .namespace("shop")                // keys shop:cache:...; default multiserver
 *         .maxItemSize(8 << 20)             // memcached's -I; default 1 MiB
 *         .build();
 * }</pre>
 */
public final class MemcachedResponseCacheStoreBuilder {

    // memcached's own bounds for -I
    private static final int MIN_ITEM_SIZE = 1024;
    private static final int MAX_ITEM_SIZE = 1024 * 1024 * 1024;

    private final MemcachedAddresses addresses;
    private ResponseCacheStoreOptions options = ResponseCacheStoreOptions.defaults();
    private int maxItemSize = MemcachedSessionStoreBuilder.DEFAULT_MAX_ITEM_SIZE;

    MemcachedResponseCacheStoreBuilder(MemcachedAddresses addresses) {
        this.addresses = addresses;
    }

    /** How long one call may take before it fails; default 2 s. */
    public MemcachedResponseCacheStoreBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        options = options.withTimeout(timeout);
        return this;
    }

    /** What the keys start with, {@code NAMESPACE:cache:...}, so applications can share servers. */
    public MemcachedResponseCacheStoreBuilder namespace(String namespace) {
        requireNonNull(namespace, "namespace");
        options = options.withNamespace(namespace);
        return this;
    }

    /**
     * The timeout and namespace of {@code options}, as {@link dev.multiserver.cache.ResponseCacheStores} passes
     * them.
     */
    public MemcachedResponseCacheStoreBuilder options(ResponseCacheStoreOptions options) {
        this.options = requireNonNull(options, "options");
        return this;
    }

    /**
     * The servers' item size limit in bytes (memcached's {@code -I}), so an entry too large for it is refused
     * here instead of being sent; default 1 MiB, memcached's default.
     */
    public MemcachedResponseCacheStoreBuilder maxItemSize(int bytes) {
        if (bytes < MIN_ITEM_SIZE || bytes > MAX_ITEM_SIZE) {
            throw new IllegalArgumentException("maxItemSize: " + bytes + " (expected: " + MIN_ITEM_SIZE + " to "
                    + MAX_ITEM_SIZE + ")");
        }
        this.maxItemSize = bytes;
        return this;
    }

    /** Connects to the servers (waiting up to the timeout for them) and returns the store. */
    public MemcachedResponseCacheStore build() {
        return new MemcachedResponseCacheStore(addresses, options.timeout(), options.namespace(), maxItemSize);
    }
}
