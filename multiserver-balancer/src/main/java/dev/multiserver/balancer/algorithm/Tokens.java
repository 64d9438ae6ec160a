package dev.multiserver.balancer.algorithm;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaderValidationUtil;

/** Checks names that go into HTTP: cookie and header names are both RFC 9110 tokens. */
final class Tokens {

    private static final String TOKEN_CHARACTERS = "at least one character, letters, digits and !#$%&'*+-.^_`|~";

    private Tokens() {
    }

    /** Returns {@code cookieName}, or throws naming it and saying what a cookie name may hold. */
    static String checkCookieName(String cookieName, String what) {
        return check(cookieName, what, TOKEN_CHARACTERS + " only, as RFC 6265 requires of a cookie name");
    }

    /** Returns {@code headerName}, or throws naming it and saying what a header name may hold. */
    static String checkHeaderName(String headerName, String what) {
        return check(headerName, what, TOKEN_CHARACTERS + " only, as RFC 9110 requires of a header name");
    }

    private static String check(String value, String what, String expected) {
        requireNonNull(value, what);
        if (value.isEmpty() || HttpHeaderValidationUtil.validateToken(value) != -1) {
            throw new IllegalArgumentException(what + ": \"" + value + "\" (expected: " + expected + ")");
        }
        return value;
    }
}
