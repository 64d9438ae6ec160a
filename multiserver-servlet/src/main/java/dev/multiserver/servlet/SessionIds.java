package dev.multiserver.servlet;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Makes session ids and recognizes their shape before any store is asked about one. */
final class SessionIds {

    /** 192 bits: a multiple of 3 bytes, so the base64 text has no padding and every character is random. */
    private static final int BYTES = 24;
    /** Ids made with another length (by an earlier or later version) are still accepted. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,128}");

    private final SecureRandom random = new SecureRandom();
    private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return encoder.encodeToString(bytes);
    }

    static boolean isWellFormed(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
