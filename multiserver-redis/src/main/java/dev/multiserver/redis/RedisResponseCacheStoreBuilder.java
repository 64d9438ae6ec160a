package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.ResponseCacheStoreOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link RedisResponseCacheStore}; from {@link RedisResponseCacheStore#builder(String)}. Each setting
 * may be set once; {@link #build()} may be called again for another store with the same settings.
 *
 * <pre>{@code
 * RedisResponseCacheStore store = RedisResponseCacheStore.builder("rediss://redis.internal:6380")
 *         .timeout(Duration.ofMillis(200))                    // default 2 s
 *         .namespace("shop")                                  // keys shop:cache:KEY; default multiserver
 *         .trustedCertificates(Path.of("/etc/redis/ca.pem"))  // default: the JVM's trusted CAs
 *         .build();
 * }</pre>
 */
public final class RedisResponseCacheStoreBuilder {

    private final RedisStoreUri uri;
    private Duration timeout;
    private String namespace;
    private Path trustedCertificates;

    RedisResponseCacheStoreBuilder(RedisStoreUri uri) {
        this.uri = uri;
    }

    /** How long a call may take, connecting included, before it fails; default 2 s. */
    public RedisResponseCacheStoreBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        checkUnset(this.timeout, "timeout");
        this.timeout = ResponseCacheStoreOptions.defaults().withTimeout(timeout).timeout();
        return this;
    }

    /** What keys start with, so applications can share a server: {@code NAMESPACE:cache:KEY}; default multiserver. */
    public RedisResponseCacheStoreBuilder namespace(String namespace) {
        requireNonNull(namespace, "namespace");
        checkUnset(this.namespace, "namespace");
        this.namespace = ResponseCacheStoreOptions.defaults().withNamespace(namespace).namespace();
        return this;
    }

    /**
     * The timeout and namespace of {@code options}, as {@link dev.multiserver.cache.ResponseCacheStores} passes
     * them.
     */
    public RedisResponseCacheStoreBuilder options(ResponseCacheStoreOptions options) {
        requireNonNull(options, "options");
        return timeout(options.timeout()).namespace(options.namespace());
    }

    /**
     * The certificates of the authorities to trust for {@code rediss://}, as a PEM file, instead of the JVM's;
     * for servers with certificates of a private CA. The server's certificate must name the host of the URI.
     */
    public RedisResponseCacheStoreBuilder trustedCertificates(Path pemFile) {
        requireNonNull(pemFile, "pemFile");
        checkUnset(this.trustedCertificates, "trustedCertificates");
        this.trustedCertificates = uri.checkTrustedCertificates(pemFile);
        return this;
    }

    /** A new store with these settings; it connects on first use. */
    public RedisResponseCacheStore build() {
        ResponseCacheStoreOptions defaults = ResponseCacheStoreOptions.defaults();
        return new RedisResponseCacheStore(uri, new Settings(timeout != null ? timeout : defaults.timeout(),
                namespace != null ? namespace : defaults.namespace(), trustedCertificates));
    }

    private static void checkUnset(Object value, String name) {
        if (value != null) {
            throw new IllegalStateException(name + ": already set to " + value);
        }
    }

    /** The settings a store is built with. */
    record Settings(Duration timeout, String namespace, Path trustedCertificates) {
    }
}
