package dev.multiserver.cache;

import java.net.URI;
import java.util.Set;

/**
 * Opens the response cache stores of some URI schemes; found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.multiserver.cache.ResponseCacheStoreProvider}. Each store module ships one, so
 * adding {@code multiserver-redis} to the class path is what makes {@code redis://} URIs work.
 */
public interface ResponseCacheStoreProvider {

    /** The URI schemes this provider opens, in lower case: {@code redis}, {@code rediss}, ... */
    Set<String> schemes();

    /**
     * Opens a store; the URI has one of {@link #schemes()}.
     *
     * @throws IllegalArgumentException naming the URI when it is malformed for this store
     */
    ResponseCacheStore open(URI uri, ResponseCacheStoreOptions options);
}
