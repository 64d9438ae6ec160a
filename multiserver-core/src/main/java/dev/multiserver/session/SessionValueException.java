package dev.multiserver.session;

/**
 * A session value cannot be stored as JSON (its type is not allowed, or it does not survive the trip), or a stored
 * JSON text cannot be read back. The message names the attribute and the type.
 */
public class SessionValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public SessionValueException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionValueException(String message) {
        super(message);
    }
}
