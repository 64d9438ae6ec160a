package dev.multiserver.session;

/**
 * A session store failed to answer: it is unreachable, too slow, closed, or refused the operation. The message
 * names the store's URI (without credentials) and what was being done.
 *
 * <pre>{@code
 * try {
 *     store.load(id);
 * } catch (SessionStoreTimeoutException e) {
 *     // "redis://10.0.0.5:6379: load of session 3q2-... took longer than 2s"
 * } catch (SessionStoreException e) {
 *     // "redis://10.0.0.5:6379: load of session 3q2-... failed: Connection refused"
 * }
 * }</pre>
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String storeUri;

    public SessionStoreException(String storeUri, String message, Throwable cause) {
        super(storeUri + ": " + message, cause);
        this.storeUri = storeUri;
    }

    public SessionStoreException(String storeUri, String message) {
        this(storeUri, message, null);
    }

    /** The URI of the store that failed, without credentials. */
    public String storeUri() {
        return storeUri;
    }
}
