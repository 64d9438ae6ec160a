package dev.multiserver.mongo;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStoreOptions;
import java.time.Duration;

/**
 * Settings of a {@link MongoSessionStore}; each may be set once. {@link #build()} leaves the builder as it was, so
 * it can open several stores.
 *
 * <pre>{@code
 * MongoSessionStore store = MongoSessionStore.builder("mongodb://db:27017/shop")
 *         .timeout(Duration.ofMillis(500))   // every call, default 2 s
 *         .namespace("checkout")             // collection checkout.sessions, default multiserver.sessions
 *         .build();
 * }</pre>
 */
public final class MongoSessionStoreBuilder {

    private final MongoUri uri;
    private Duration timeout;
    private String namespace;

    MongoSessionStoreBuilder(MongoUri uri) {
        this.uri = uri;
    }

    /**
     * How long one store call may take, including finding and connecting to a server, before it fails with a
     * {@link dev.multiserver.session.SessionStoreTimeoutException}; default 2 s. It replaces {@code timeoutMS},
     * {@code serverSelectionTimeoutMS} and {@code connectTimeoutMS} given in the URI.
     */
    public MongoSessionStoreBuilder timeout(Duration timeout) {
        requireNonNull(timeout, "timeout");
        checkUnset("timeout", this.timeout);
        SessionStoreOptions.defaults().withTimeout(timeout);
        this.timeout = timeout;
        return this;
    }

    /**
     * What the collection's name starts with, so applications can share a database: the sessions are in
     * {@code NAMESPACE.sessions}; default {@code multiserver}. 1 to 64 letters, digits, '_' or '-'.
     */
    public MongoSessionStoreBuilder namespace(String namespace) {
        requireNonNull(namespace, "namespace");
        checkUnset("namespace", this.namespace);
        SessionStoreOptions.defaults().withNamespace(namespace);
        this.namespace = namespace;
        return this;
    }

    /**
     * Opens the store and creates its TTL index. A server that cannot be reached now does not fail this: the calls
     * fail until it is back, and the index is made then.
     */
    public MongoSessionStore build() {
        SessionStoreOptions options = SessionStoreOptions.defaults();
        if (timeout != null) {
            options = options.withTimeout(timeout);
        }
        if (namespace != null) {
            options = options.withNamespace(namespace);
        }
        return new MongoSessionStore(uri, options);
    }

    private static void checkUnset(String name, Object value) {
        if (value != null) {
            throw new IllegalStateException(name + " was already set to " + value);
        }
    }
}
