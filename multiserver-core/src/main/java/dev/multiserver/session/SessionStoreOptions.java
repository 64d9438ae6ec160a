package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings every store shares, for {@link SessionStores#open(String, SessionStoreOptions)}.
 *
 * <pre>{@code
 * SessionStore store = SessionStores.open("redis://10.0.0.5:6379",
 *         SessionStoreOptions.defaults().withTimeout(Duration.ofMillis(500)).withNamespace("shop"));
 * }</pre>
 *
 * @param timeout   how long one store call may take before it fails with {@link SessionStoreTimeoutException};
 *                  default 2 s
 * @param namespace what the store's keys start with, so applications can share a server: Redis and Memcached keys
 *                  are {@code NAMESPACE:session:ID}, the MongoDB collection is {@code NAMESPACE.sessions}; default
 *                  {@code multiserver}
 */
public record SessionStoreOptions(Duration timeout, String namespace) {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final SessionStoreOptions DEFAULTS = new SessionStoreOptions(Duration.ofSeconds(2), "multiserver");

    public SessionStoreOptions {
        requireNonNull(timeout, "timeout");
        requireNonNull(namespace, "namespace");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace: '" + namespace
                    + "' (expected: 1 to 64 letters, digits, '_' or '-')");
        }
    }

    /** A timeout of 2 s and the namespace {@code multiserver}. */
    public static SessionStoreOptions defaults() {
        return DEFAULTS;
    }

    /** These options with another timeout; {@code this} when it is the same. */
    public SessionStoreOptions withTimeout(Duration timeout) {
        return timeout.equals(this.timeout) ? this : new SessionStoreOptions(timeout, namespace);
    }

    /** These options with another namespace; {@code this} when it is the same. */
    public SessionStoreOptions withNamespace(String namespace) {
        return namespace.equals(this.namespace) ? this : new SessionStoreOptions(timeout, namespace);
    }
}
