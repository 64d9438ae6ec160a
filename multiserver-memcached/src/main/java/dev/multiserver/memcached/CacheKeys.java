package dev.multiserver.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The memcached keys of cached responses. The cache's keys hold whole request targets, longer than memcached's 250
 * bytes and with spaces, so each is stored under its SHA-256: {@code NAMESPACE:cache:BASE64URL}. The namespace's
 * generation, which a purge moves on, is {@code NAMESPACE:cache:generation}.
 */
final class CacheKeys {

    private static final int SHOWN_KEY_LENGTH = 80;

    private final String prefix;
    private final String generation;

    CacheKeys(String namespace) {
        this.prefix = namespace + ":cache:";
        this.generation = prefix + "generation";
    }

    String of(String key) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] hash = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    String generation() {
        return generation;
    }

    /** A cache key as messages show it: quoted, and cut short when long. */
    static String shown(String key) {
        return "'" + (key.length() <= SHOWN_KEY_LENGTH ? key : key.substring(0, SHOWN_KEY_LENGTH) + "...") + "'";
    }
}
