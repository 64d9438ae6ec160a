package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStoreOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link RedisSessionStore}; from {@link RedisSessionStore#builder(String)}. Each setting may be set
 * once; {@link #build()} may be called again for another store with the same settings.
 *
 * <pre>{@code
 * RedisSessionStore store = RedisSessionStore.builder("rediss://redis.internal:6380")
 *         .timeout(Duration.ofMillis(500))                    // default 2 s
 *         .namespace("shop")                                  // keys shop:session:ID; default multiserver
 *         .trustedCertificates(Path.of("/etc/redis/ca.pem"))  // default: the JVM's trusted CAs
 *         .build();
 * }</pre>
 */
public final class RedisSessionStoreBuilder {

    private final RedisStoreUri uri;
    private Duration timeout;
    private String namespace;
    private Path trustedCertificates;

    RedisSessionStoreBuilder(RedisStoreUri uri) {
        this.uri = uri;
    }

    /** How long a call may take, connecting included, before it fails; default 2 s. */
    public RedisSessionStoreBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        checkUnset(this.timeout, "timeout");
        this.timeout = SessionStoreOptions.defaults().withTimeout(timeout).timeout();
        return this;
    }

    /** What keys start with, so applications can share a server: {@code NAMESPACE:session:ID}; default multiserver. */
    public RedisSessionStoreBuilder namespace(String namespace) {
        requireNonNull(namespace, "namespace");
        checkUnset(this.namespace, "namespace");
        this.namespace = SessionStoreOptions.defaults().withNamespace(namespace).namespace();
        return this;
    }

    /** The timeout and namespace of {@code options}, as {@link dev.multiserver.session.SessionStores} passes them. */
    public RedisSessionStoreBuilder options(SessionStoreOptions options) {
        requireNonNull(options, "options");
        return timeout(options.timeout()).namespace(options.namespace());
    }

    /**
     * The certificates of the authorities to trust for {@code rediss://}, as a PEM file, instead of the JVM's;
     * for servers with certificates of a private CA. The server's certificate must name the host of the URI.
     */
    public RedisSessionStoreBuilder trustedCertificates(Path pemFile) {
        requireNonNull(pemFile, "pemFile");
        checkUnset(this.trustedCertificates, "trustedCertificates");
        this.trustedCertificates = uri.checkTrustedCertificates(pemFile);
        return this;
    }

    /** A new store with these settings; it connects on first use. */
    public RedisSessionStore build() {
        SessionStoreOptions defaults = SessionStoreOptions.defaults();
        return new RedisSessionStore(uri, new Settings(timeout != null ? timeout : defaults.timeout(),
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
