package dev.multiserver.balancer.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The admin token, when one is set: every request must carry {@code Authorization: Bearer <token>}. The
 * comparison takes the same time wherever the first wrong character is, so it does not leak the token.
 */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    private BearerToken(byte[] expected) {
        this.expected = expected;
    }

    /** {@code token} may be {@code null}: then every request is permitted. */
    static BearerToken of(String token) {
        return new BearerToken(token == null ? null : token.getBytes(StandardCharsets.UTF_8));
    }

    boolean required() {
        return expected != null;
    }

    boolean permits(HttpHeaders headers) {
        if (expected == null) {
            return true;
        }
        List<String> values = headers.getAll(HttpHeaderNames.AUTHORIZATION);
        if (values.size() != 1) {
            return false;
        }
        String value = values.get(0);
        if (!value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] given = value.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
