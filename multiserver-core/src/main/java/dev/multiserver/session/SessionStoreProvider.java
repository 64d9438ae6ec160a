package dev.multiserver.session;

import java.net.URI;
import java.util.Set;

/**
 * Opens the stores of some URI schemes; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.multiserver.session.SessionStoreProvider}. Each store module ships one, so adding
 * {@code multiserver-redis} to the class path is what makes {@code redis://} URIs work.
 */
public interface SessionStoreProvider {

    /** The URI schemes this provider opens, in lower case: {@code redis}, {@code rediss}, ... */
    Set<String> schemes();

    /**
     * Opens a store; the URI has one of {@link #schemes()}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed for this store
     */
    SessionStore open(URI uri, SessionStoreOptions options);
}
