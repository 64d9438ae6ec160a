package dev.multiserver.mongo.internal;

import dev.multiserver.mongo.MongoSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreProvider;
import java.net.URI;
import java.util.Set;

/**
 * Opens {@code mongodb://} and {@code mongodb+srv://} URIs for
 * {@link dev.multiserver.session.SessionStores#open(String, SessionStoreOptions)}; found by
 * {@link java.util.ServiceLoader}, not meant to be used directly.
 */
public final class MongoSessionStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("mongodb", "mongodb+srv");
    }

    @Override
    public SessionStore open(URI uri, SessionStoreOptions options) {
        return MongoSessionStore.builder(uri.toString())
                .timeout(options.timeout())
                .namespace(options.namespace())
                .build();
    }
}
