package dev.multiserver.memcached;

/**
 * The memcached key of each session, {@code NAMESPACE:session:ID}. Memcached keys are at most 250 bytes without
 * spaces or control characters, so ids outside that cannot name a session here.
 */
final class SessionKeys {

    private static final int MAX_KEY_LENGTH = 250;

    private final String prefix;

    SessionKeys(String namespace) {
        this.prefix = namespace + ":session:";
    }

    /** Whether {@code id} can be a session id in this store; other ids load nothing. */
    boolean isValid(String id) {
        if (id.isEmpty() || prefix.length() + id.length() > MAX_KEY_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * The key of session {@code id}.
     *
     * @throws IllegalArgumentException when the id cannot be part of a memcached key
     */
    String of(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("session id '" + id + "' (expected: 1 to "
                    + (MAX_KEY_LENGTH - prefix.length()) + " printable ASCII characters without spaces)");
        }
        return prefix + id;
    }
}
