package dev.multiserver.balancer.algorithm;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins a client to a backend with a cookie holding the backend's {@link BackendState#id() id}. A request
 * whose cookie names a candidate goes there; any other request is placed by consistent hashing of its
 * client address and gets the cookie (again). Ids come from backend addresses, so every balancer in front
 * of the same backends reads a cookie the same way, with no state shared between them.
 */
final class StickySessionAlgorithm implements Algorithm {

    static final String DEFAULT_COOKIE_NAME = "MSBACKEND";

    private final String cookieName;
    private final ConsistentHashAlgorithm byClientAddress = new ConsistentHashAlgorithm(HashKey.clientAddress());
    /** Encoded Set-Cookie values by backend id, plain and Secure: the same for every client of a backend. */
    private final Map<String, String[]> cookies = new ConcurrentHashMap<>();

    StickySessionAlgorithm(String cookieName) {
        this.cookieName = requireNonNull(cookieName, "cookieName");
    }

    @Override
    public BackendState pick(RequestContext request, List<BackendState> candidates) {
        Optional<String> pinned = request.cookie(cookieName);
        if (pinned.isPresent()) {
            for (BackendState candidate : candidates) {
                if (candidate.id().equals(pinned.get())) {
                    return candidate;
                }
            }
        }
        BackendState chosen = byClientAddress.pick(request, candidates);
        if (chosen != null) {
            request.addResponseHeader("Set-Cookie", cookieFor(chosen, request.secure()));
        }
        return chosen;
    }

    private String cookieFor(BackendState backend, boolean secure) {
        String[] encoded = cookies.computeIfAbsent(backend.id(),
                id -> new String[] {encode(id, false), encode(id, true)});
        return encoded[secure ? 1 : 0];
    }

    private String encode(String id, boolean secure) {
        DefaultCookie cookie = new DefaultCookie(cookieName, id);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
        cookie.setSecure(secure);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    @Override
    public void onBackendAdded(BackendState backend) {
        byClientAddress.onBackendAdded(backend);
    }

    @Override
    public void onBackendRemoved(BackendState backend) {
        byClientAddress.onBackendRemoved(backend);
        cookies.remove(backend.id());
    }

    @Override
    public String toString() {
        return "sticky-session";
    }
}
