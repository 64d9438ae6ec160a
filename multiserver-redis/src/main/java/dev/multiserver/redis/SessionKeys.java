package dev.multiserver.redis;

import dev.multiserver.session.SessionIds;

/**
 * Where sessions live: {@code NAMESPACE:session:ID}, one key per session so every operation touches a single key
 * (and a single slot of a Redis Cluster).
 */
final class SessionKeys {

    private final String prefix;

    SessionKeys(String namespace) {
        this.prefix = namespace + ":session:";
    }

    String key(String id) {
        return prefix + id;
    }

    /** The key as logs and messages show it, with the session id shortened. */
    String shownKey(String id) {
        return prefix + shownId(id);
    }

    /** The start of a session id, for messages: session ids are credentials and stay out of logs. */
    static String shownId(String id) {
        return SessionIds.abbreviate(id);
    }
}
