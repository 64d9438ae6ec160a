package dev.multiserver.balancer.internal.route;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import java.util.Locale;
import java.util.Set;

/**
 * The checks of header names and values that users give local responses and header edits: a name is an
 * RFC 9110 token, a value holds no control characters (a CR or LF would let it start a header of its own),
 * and the headers that frame a message or a connection stay the balancer's.
 */
public final class HeaderRules {

    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "te", "trailer", "upgrade", "proxy-connection");

    private HeaderRules() {
    }

    /** Returns {@code name} when it is a header name the user may set or remove; otherwise names it. */
    public static String checkEditable(String name, String what) {
        requireNonNull(name, what + " name");
        if (name.isEmpty() || HttpHeaderValidationUtil.validateToken(name) != -1) {
            throw new IllegalArgumentException(what + ": '" + name + "' (expected: a header name: letters, digits "
                    + "and !#$%&'*+-.^_`|~)");
        }
        if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(what + ": " + name + " is set by the balancer, which frames the "
                    + "message and the connection (expected: another header)");
        }
        return name;
    }

    /** Returns {@code value} when it may be the value of the header {@code name}; otherwise says why not. */
    public static String checkValue(String value, String what, String name) {
        requireNonNull(value, what + " " + name);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException(what + " " + name + ": '" + value.replaceAll("[\\r\\n]", "\\\\n")
                        + "' has a control or non-Latin-1 character at " + i + " (expected: visible text)");
            }
        }
        return value;
    }
}
