package dev.multiserver.memcached;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStoreOptions;
import java.time.Duration;

/**
 * Builds a {@link MemcachedSessionStore}; every setter checks its value at once, and {@link #build()} can be
 * called again for another store with the same settings.
 *
 * <pre>{@code
 * MemcachedSessionStore store = MemcachedSessionStore.builder("memcached://m1:11211,m2:11211")
 *         .timeout(Duration.ofMillis(500))  // every call; default 2 s
 *         .namespace("shop")                // keys shop:session:ID; default multiserver
 *         .maxCasRetries(16)                // default 16
 *         .maxItemSize(1024 * 1024)         // memcached's -I; default 1 MiB
 *         .build();
 * }</pre>
 */
public final class MemcachedSessionStoreBuilder {

    static final int DEFAULT_MAX_CAS_RETRIES = 16;
    static final int DEFAULT_MAX_ITEM_SIZE = 1024 * 1024;
    // memcached's own bounds for -I
    private static final int MIN_ITEM_SIZE = 1024;
    private static final int MAX_ITEM_SIZE = 1024 * 1024 * 1024;

    private final MemcachedAddresses addresses;
    private SessionStoreOptions options = SessionStoreOptions.defaults();
    private int maxCasRetries = DEFAULT_MAX_CAS_RETRIES;
    private int maxItemSize = DEFAULT_MAX_ITEM_SIZE;

    MemcachedSessionStoreBuilder(MemcachedAddresses addresses) {
        this.addresses = addresses;
    }

    /** How long one call (a load, or a save with all its compare-and-set rounds) may take; default 2 s. */
    public MemcachedSessionStoreBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        options = options.withTimeout(timeout);
        return this;
    }

    /** What the keys start with, {@code NAMESPACE:session:ID}, so applications can share servers. */
    public MemcachedSessionStoreBuilder namespace(String namespace) {
        requireNonNull(namespace, "namespace");
        options = options.withNamespace(namespace);
        return this;
    }

    /** The timeout and namespace of {@code options}, as {@link dev.multiserver.session.SessionStores} passes them. */
    public MemcachedSessionStoreBuilder options(SessionStoreOptions options) {
        this.options = requireNonNull(options, "options");
        return this;
    }

    /**
     * How many times a save reads the session again and re-applies its changes after another write overtook it,
     * before it fails; 0 fails on the first conflict. Default 16.
     */
    public MemcachedSessionStoreBuilder maxCasRetries(int maxCasRetries) {
        if (maxCasRetries < 0) {
            throw new IllegalArgumentException("maxCasRetries: " + maxCasRetries + " (expected: >= 0)");
        }
        this.maxCasRetries = maxCasRetries;
        return this;
    }

    /**
     * The servers' item size limit in bytes (memcached's {@code -I}), so a session too large for it fails with a
     * message instead of being sent; default 1 MiB, memcached's default.
     */
    public MemcachedSessionStoreBuilder maxItemSize(int bytes) {
        if (bytes < MIN_ITEM_SIZE || bytes > MAX_ITEM_SIZE) {
            throw new IllegalArgumentException("maxItemSize: " + bytes + " (expected: " + MIN_ITEM_SIZE + " to "
                    + MAX_ITEM_SIZE + ")");
        }
        this.maxItemSize = bytes;
        return this;
    }

    /** Connects to the servers (waiting up to the timeout for them) and returns the store. */
    public MemcachedSessionStore build() {
        return new MemcachedSessionStore(addresses, options.timeout(), options.namespace(), maxCasRetries,
                maxItemSize);
    }
}
