package dev.multiserver.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads session ids from the request's cookies and writes the {@code Set-Cookie} values. The cookie has
 * {@code Path=/} rather than the context path, so every application on the host that shares the store and the
 * cookie name shares the session (the name tells applications apart).
 */
final class SessionCookies {

    /** A client may send a few cookies of one name (set for several paths); more are not looked up. */
    private static final int MAX_LOOKUPS = 4;
    private static final String ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Lax";
    private static final String EXPIRED = "; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";

    private final String name;

    SessionCookies(String name) {
        this.name = name;
    }

    /** The value of the first cookie of this name, whatever its shape; null when there is none. */
    String requested(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** The well-formed, distinct session ids in the request's cookies, in order. */
    List<String> candidates(HttpServletRequest request) {
        List<String> ids = new ArrayList<>(1);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                String value = cookie.getValue();
                if (cookie.getName().equals(name) && SessionIds.isWellFormed(value) && !ids.contains(value)) {
                    ids.add(value);
                    if (ids.size() == MAX_LOOKUPS) {
                        break;
                    }
                }
            }
        }
        return ids;
    }

    String set(String id, boolean secure) {
        return name + "=" + id + ATTRIBUTES + (secure ? "; Secure" : "");
    }

    String expire(boolean secure) {
        return name + "=" + EXPIRED + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** Whether the client reached us over HTTPS, directly or through a proxy that says so. */
    static boolean isSecure(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto == null) {
            return false;
        }
        int comma = proto.indexOf(',');
        return (comma < 0 ? proto : proto.substring(0, comma)).trim().equalsIgnoreCase("https");
    }
}
