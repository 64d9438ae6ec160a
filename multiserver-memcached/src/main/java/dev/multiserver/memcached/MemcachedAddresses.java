package dev.multiserver.memcached;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The servers of a {@code memcached://h1:p1,h2:p2} URI, read strictly: a mistyped URI fails when the store is
 * built, naming the URI and what is wrong, rather than when the first request reaches the wrong server.
 */
record MemcachedAddresses(List<Server> servers) {

    static final int DEFAULT_PORT = 11211;
    private static final String SCHEME = "memcached";
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
    private static final String EXPECTED = "expected: memcached://host[:port][,host[:port]...]";

    /** One server: a host name, an IPv4 address or an IPv6 address (without brackets), and a port. */
    record Server(String host, int port) {

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    MemcachedAddresses {
        servers = List.copyOf(servers);
    }

    /**
     * Reads a URI such as {@code memcached://10.0.0.5:11211,10.0.0.6}; the port defaults to 11211.
     *
     * @throws IllegalArgumentException naming the URI (without credentials) and what is wrong with it
     */
    static MemcachedAddresses parse(String uri) {
        return parse(uri, "session store");
    }

    /** As {@link #parse(String)}, for a {@code kind} of store ("response cache store") that messages name. */
    static MemcachedAddresses parse(String uri, String kind) {
        requireNonNull(uri, "uri");
        String text = uri.trim();
        String prefix = SCHEME + "://";
        if (!text.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw invalid(kind, text, "the scheme is not memcached");
        }
        String rest = text.substring(prefix.length());
        int end = indexOfAny(rest, "/?#");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String after = end < 0 ? "" : rest.substring(end);
        if (!after.isEmpty() && !after.equals("/")) {
            throw invalid(kind, text, "unexpected '" + after + "' after the servers");
        }
        if (authority.indexOf('@') >= 0) {
            throw invalid(kind, text, "credentials are not supported (this store does not implement memcached SASL)");
        }
        if (authority.isEmpty()) {
            throw invalid(kind, text, "no server");
        }
        Set<Server> servers = new LinkedHashSet<>();
        for (String part : authority.split(",", -1)) {
            Server server = server(kind, text, part);
            if (!servers.add(server)) {
                throw invalid(kind, text, "server " + server + " is listed twice");
            }
        }
        return new MemcachedAddresses(new ArrayList<>(servers));
    }

    /** The URI in its normal form, every port spelled out: {@code memcached://10.0.0.5:11211,10.0.0.6:11211}. */
    String uri() {
        return SCHEME + "://" + servers.stream().map(Server::toString).collect(Collectors.joining(","));
    }

    private static Server server(String kind, String uri, String part) {
        if (part.isEmpty()) {
            throw invalid(kind, uri, "empty server between commas");
        }
        String host;
        String port;
        boolean bracketed = part.startsWith("[");
        if (bracketed) {
            int close = part.indexOf(']');
            if (close < 0) {
                throw invalid(kind, uri, "'" + part + "' has no closing ']'");
            }
            host = part.substring(1, close);
            String rest = part.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw invalid(kind, uri, "'" + part + "' has '" + rest + "' after the IPv6 address");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = part.indexOf(':');
            if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
                throw invalid(kind, uri, "'" + part + "' has more than one ':' (write IPv6 addresses in brackets)");
            }
            host = colon < 0 ? part : part.substring(0, colon);
            port = colon < 0 ? null : part.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(kind, uri, "'" + part + "' has no host");
        }
        if (!(bracketed ? IPV6 : HOST).matcher(host).matches()) {
            throw invalid(kind, uri, "'" + part + "' has an invalid host '" + host + "'");
        }
        return new Server(host, port == null ? DEFAULT_PORT : port(kind, uri, part, port));
    }

    private static int port(String kind, String uri, String part, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(kind, uri, "'" + part + "' has an invalid port '" + port + "' (expected: 1 to 65535)");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65_535) {
            throw invalid(kind, uri, "'" + part + "' has an invalid port '" + port + "' (expected: 1 to 65535)");
        }
        return value;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String kind, String uri, String problem) {
        return new IllegalArgumentException("memcached " + kind + " '" + redact(uri) + "': " + problem + " ("
                + EXPECTED + ")");
    }

    private static String redact(String uri) {
        // the same rule as SessionStores.redact, which needs a java.net.URI that a bad one may not be
        return USER_INFO.matcher(uri).replaceFirst("$1***@");
    }
}
