package dev.multiserver.balancer.algorithm;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link Algorithm#consistentHash(HashKey)} hashes to choose a backend: a request header, a cookie, or
 * the client's address. Requests with the same key go to the same backend for as long as it is a candidate.
 *
 * <pre>{@code
 * LoadBalancer.builder()
 *         .algorithm(Algorithm.consistentHash(HashKey.header("X-User")))
 *         ...
 * }</pre>
 *
 * <p>A request without the header or cookie (or with an empty one) is hashed by its client address instead.
 */
public final class HashKey {

    private enum Source { HEADER, COOKIE, CLIENT_ADDRESS }

    private static final HashKey CLIENT_ADDRESS = new HashKey(Source.CLIENT_ADDRESS, null);

    private final Source source;
    private final String name;

    private HashKey(Source source, String name) {
        this.source = source;
        this.name = name;
    }

    /**
     * The first value of the request header {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException when {@code name} is not a valid header name
     */
    public static HashKey header(String name) {
        return new HashKey(Source.HEADER, Tokens.checkHeaderName(name, "header name"));
    }

    /**
     * The value of the request cookie {@code name}, for instance an application's {@code JSESSIONID}.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid cookie name
     */
    public static HashKey cookie(String name) {
        return new HashKey(Source.COOKIE, Tokens.checkCookieName(name, "cookie name"));
    }

    /** The IP address of the client connected to the balancer (not its port). */
    public static HashKey clientAddress() {
        return CLIENT_ADDRESS;
    }

    /** The hash of this key in {@code request}, or of its client address when the request lacks the key. */
    long hash(RequestContext request) {
        String value = switch (source) {
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name).orElse(null);
            case CLIENT_ADDRESS -> null;
        };
        return value == null || value.isEmpty() ? hashOfClientAddress(request) : Hashing.hash64(value);
    }

    private static long hashOfClientAddress(RequestContext request) {
        InetSocketAddress client = request.clientAddress();
        InetAddress address = client.getAddress();
        return address != null ? Hashing.hash64(address.getAddress()) : Hashing.hash64(client.getHostString());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HashKey other) || other.source != source) {
            return false;
        }
        // Header names are case-insensitive; cookie names are not.
        return source == Source.HEADER ? name.equalsIgnoreCase(other.name) : Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + (name == null ? 0 : name.toLowerCase(Locale.ROOT).hashCode());
    }

    /** {@code header:X-User}, {@code cookie:JSESSIONID} or {@code client}. */
    @Override
    public String toString() {
        return switch (source) {
            case HEADER -> "header:" + name;
            case COOKIE -> "cookie:" + name;
            case CLIENT_ADDRESS -> "client";
        };
    }
}
