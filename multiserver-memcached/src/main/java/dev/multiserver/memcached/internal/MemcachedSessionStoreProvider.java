package dev.multiserver.memcached.internal;

import dev.multiserver.memcached.MemcachedSessionStore;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreProvider;
import java.net.URI;
import java.util.Set;

/** Opens {@code memcached://} URIs for {@link dev.multiserver.session.SessionStores}; found by the ServiceLoader. */
public final class MemcachedSessionStoreProvider implements SessionStoreProvider {

    @Override
    public Set<String> schemes() {
        return Set.of("memcached");
    }

    @Override
    public SessionStore open(URI uri, SessionStoreOptions options) {
        return MemcachedSessionStore.builder(uri.toString()).options(options).build();
    }
}
