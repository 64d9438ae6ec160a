package dev.multiserver.balancer;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * One application instance the balancer sends requests to: an {@code http://host:port} or
 * {@code https://host:port} address and a weight.
 *
 * <pre>{@code
 * Backend a = Backend.of("http://127.0.0.1:9001");
 * Backend b = Backend.of("http://10.0.0.2:9001").withWeight(3);
 * Backend c = Backend.of("https://app.internal");   // TLS, port 443
 * }</pre>
 *
 * <p>The balancer reaches a {@linkplain #secure() secure} backend over TLS and checks its certificate
 * (see {@link dev.multiserver.balancer.tls.BackendTls}).
 *
 * <p>Backends are immutable values, equal when their scheme and address are equal: {@code http://h:1}
 * and {@code https://h:1} are two backends. The weight plays no part.
 */
public final class Backend {

    private static final String EXPECTED = "(expected: http://host:port or https://host:port)";

    private final String host;
    private final int port;
    private final boolean secure;
    private final int weight;
    private final int hash;
    private final String authority;
    private final String id;

    private Backend(String host, int port, boolean secure, int weight) {
        this.host = host;
        this.port = port;
        this.secure = secure;
        this.weight = weight;
        this.hash = (host.toLowerCase(Locale.ROOT).hashCode() * 31 + port) * 31 + (secure ? 1 : 0);
        this.authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        // An http backend's id is its address alone, as it always was: sticky cookies already out there
        // keep working. An https backend's has the scheme, so it differs from http at the same address.
        String normalized = authority.toLowerCase(Locale.ROOT);
        this.id = idOf(secure ? "https://" + normalized : normalized);
    }

    /** 72 bits of SHA-256 over the address: the same on every balancer, and not the address itself. */
    private static String idOf(String normalizedAuthority) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("multiserver-backend:" + normalizedAuthority).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * Parses {@code http://host:port} or {@code https://host:port} (the port defaults to 80 and 443; a
     * trailing {@code /} is allowed).
     *
     * @throws IllegalArgumentException naming the value when it is not such a URL
     */
    public static Backend of(String url) {
        requireNonNull(url, "url");
        final URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("backend: '" + url + "' is not a URL " + EXPECTED);
        }
        return of(uri, url);
    }

    /** Same as {@link #of(String)} for a parsed URI. */
    public static Backend of(URI uri) {
        requireNonNull(uri, "uri");
        return of(uri, uri.toString());
    }

    private static Backend of(URI uri, String original) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("backend: '" + original + "' has scheme " + scheme + " " + EXPECTED);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("backend: '" + original + "' has no host " + EXPECTED);
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "backend: '" + original + "' must be only scheme, host and port " + EXPECTED);
        }
        boolean secure = "https".equals(scheme);
        int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
        return of(uri.getHost(), port, secure);
    }

    /** A plain-HTTP backend at {@code host:port} with weight 1. */
    public static Backend of(String host, int port) {
        return of(host, port, false);
    }

    private static Backend of(String host, int port, boolean secure) {
        requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("backend host: '" + host + "' (expected: a host name or address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend port: " + port + " (expected: 1-65535)");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new Backend(bare, port, secure, 1);
    }

    /** Returns a backend with the given weight (1 to 1000), or this one when the weight is the same. */
    public Backend withWeight(int weight) {
        if (weight < 1 || weight > 1000) {
            throw new IllegalArgumentException("backend weight: " + weight + " (expected: 1-1000)");
        }
        return weight == this.weight ? this : new Backend(host, port, secure, weight);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    /** Whether the balancer reaches this backend over TLS: it was given as {@code https://}. */
    public boolean secure() {
        return secure;
    }

    /** An unresolved socket address; resolved when a connection is opened, so DNS changes are seen. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** {@code host:port}, with IPv6 addresses in brackets: how logs and errors name this backend. */
    public String authority() {
        return authority;
    }

    /**
     * A short opaque name for this backend (12 URL-safe characters) that does not reveal its address and
     * is the same on every balancer that has it, so it can go into a cookie. Weight does not change it.
     */
    public String id() {
        return id;
    }

    /** {@code http://host:port} or {@code https://host:port}. */
    public URI uri() {
        return URI.create(scheme() + authority());
    }

    private String scheme() {
        return secure ? "https://" : "http://";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backend other && other.port == port && other.secure == secure
                && other.host.equalsIgnoreCase(host);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return weight == 1 ? scheme() + authority() : scheme() + authority() + " (weight " + weight + ")";
    }
}
