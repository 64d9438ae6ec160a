package dev.multiserver.cache;

/**
 * A response cache store failed: its server is unreachable or too slow, it is closed, or it cannot do what was
 * asked. The message starts with the store's URI (without credentials).
 *
 * <pre>{@code
 * store.get(key).exceptionally(e -> {
 *     // "redis://10.0.0.5:6379: get of 'v /a ...' failed: Connection refused"
 *     return Optional.empty();
 * });
 * }</pre>
 */
public class ResponseCacheStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String storeUri;

    public ResponseCacheStoreException(String storeUri, String message, Throwable cause) {
        super(storeUri + ": " + message, cause);
        this.storeUri = storeUri;
    }

    public ResponseCacheStoreException(String storeUri, String message) {
        this(storeUri, message, null);
    }

    /** The URI of the store that failed, without credentials. */
    public String storeUri() {
        return storeUri;
    }
}
