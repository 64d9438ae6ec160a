package dev.multiserver.balancer.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Refuses changes (any method but GET and HEAD) that a browser sends on behalf of another site's page:
 * those carry an {@code Origin} that is not this server. Without it, a page an operator visits could
 * POST to an admin server on loopback that has no token. Scripts and curl send no {@code Origin}.
 */
final class CrossOriginGuard {

    private CrossOriginGuard() {
    }

    static boolean permits(HttpRequest request) {
        HttpMethod method = request.method();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return true;
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        return host != null && sameAuthority(origin, host);
    }

    /** Whether {@code origin} ({@code http://h:p}) names the same host and port as a Host header. */
    private static boolean sameAuthority(String origin, String host) {
        try {
            URI from = new URI(origin);
            URI to = new URI("http://" + host);
            String scheme = from.getScheme() == null ? "" : from.getScheme().toLowerCase(Locale.ROOT);
            if (from.getHost() == null || to.getHost() == null || to.getRawPath().length() > 0) {
                return false;
            }
            int defaultPort = "https".equals(scheme) ? 443 : 80;
            return from.getHost().equalsIgnoreCase(to.getHost())
                    && port(from, defaultPort) == port(to, defaultPort);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri, int defaultPort) {
        return uri.getPort() == -1 ? defaultPort : uri.getPort();
    }
}
