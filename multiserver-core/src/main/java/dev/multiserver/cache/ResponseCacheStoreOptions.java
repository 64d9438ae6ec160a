package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings every response cache store shares, for {@link ResponseCacheStores#open(String, ResponseCacheStoreOptions)}.
 *
 * <pre>{@code
 * ResponseCacheStore shared = ResponseCacheStores.open("redis://10.0.0.5:6379",
 *         ResponseCacheStoreOptions.defaults().withTimeout(Duration.ofMillis(200)).withNamespace("shop"));
 * }</pre>
 *
 * @param timeout   how long one store call may take before it fails (and the cache treats it as a miss);
 *                  default 2 s
 * @param namespace what the store's keys start with, so applications can share a server: Redis keys are
 *                  {@code NAMESPACE:cache:KEY}, Memcached keys {@code NAMESPACE:cache:...}; default
 *                  {@code multiserver}
 * @param maxBytes  the size of a {@code memory:} store in bytes; other stores ignore it; default 256 MiB
 */
public record ResponseCacheStoreOptions(Duration timeout, String namespace, long maxBytes) {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ResponseCacheStoreOptions DEFAULTS =
            new ResponseCacheStoreOptions(Duration.ofSeconds(2), "multiserver", 256L << 20);

    public ResponseCacheStoreOptions {
        requireNonNull(timeout, "timeout");
        requireNonNull(namespace, "namespace");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace: '" + namespace
                    + "' (expected: 1 to 64 letters, digits, '_' or '-')");
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
        }
    }

    /** A timeout of 2 s, the namespace {@code multiserver} and 256 MiB for a memory store. */
    public static ResponseCacheStoreOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another timeout; {@code this} when it is the same. */
    public ResponseCacheStoreOptions withTimeout(Duration timeout) {
        return timeout.equals(this.timeout) ? this : new ResponseCacheStoreOptions(timeout, namespace, maxBytes);
    }

    /** These options with another namespace; {@code this} when it is the same. */
    public ResponseCacheStoreOptions withNamespace(String namespace) {
        return namespace.equals(this.namespace) ? this : new ResponseCacheStoreOptions(timeout, namespace, maxBytes);
    }

    /** These options with another size for a memory store; {@code this} when it is the same. */
    public ResponseCacheStoreOptions withMaxBytes(long maxBytes) {
        return maxBytes == this.maxBytes ? this : new ResponseCacheStoreOptions(timeout, namespace, maxBytes);
    }
}
