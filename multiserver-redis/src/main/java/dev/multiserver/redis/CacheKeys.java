package dev.multiserver.redis;

/**
 * Where cached responses live: {@code NAMESPACE:cache:KEY}, one string per entry, so every operation but a prefix
 * delete touches a single key (and a single slot of a Redis Cluster).
 */
final class CacheKeys {

    private static final int SHOWN_KEY_LENGTH = 80;

    private final String prefix;

    CacheKeys(String namespace) {
        this.prefix = namespace + ":cache:";
    }

    String key(String key) {
        return prefix + key;
    }

    /**
     * The SCAN pattern of every key starting with {@code keyPrefix}: the glob characters of the prefix (a query
     * string's {@code ?}, a {@code [} in a path) are escaped, so they match only themselves.
     */
    String pattern(String keyPrefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + keyPrefix.length() + 8);
        appendEscaped(pattern, prefix);
        appendEscaped(pattern, keyPrefix);
        return pattern.append('*').toString();
    }

    private static void appendEscaped(StringBuilder pattern, String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
    }

    /** A cache key as messages show it: quoted, and cut short when long (keys hold whole request targets). */
    static String shown(String key) {
        return "'" + (key.length() <= SHOWN_KEY_LENGTH ? key : key.substring(0, SHOWN_KEY_LENGTH) + "...") + "'";
    }
}
