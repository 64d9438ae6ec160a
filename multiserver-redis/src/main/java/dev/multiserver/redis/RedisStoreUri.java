package dev.multiserver.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisURI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed {@code redis://[user:password@]host[:port][/db]}, {@code rediss://…} (TLS) or
 * {@code redis-cluster://host:port,host:port} URI. Parsed by hand because {@link java.net.URI} cannot hold the
 * several hosts of a cluster URI.
 */
final class RedisStoreUri {

    static final int DEFAULT_PORT = 6379;

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

    private final String scheme;
    private final List<HostAndPort> hosts;
    private final String user;
    private final String password;
    private final int database;

    private RedisStoreUri(String scheme, List<HostAndPort> hosts, String user, String password, int database) {
        this.scheme = scheme;
        this.hosts = List.copyOf(hosts);
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /** @throws IllegalArgumentException naming the URI without its password and what is wrong with it */
    static RedisStoreUri parse(String uri) {
        return parse(uri, "session store", "set the timeout and namespace on the builder");
    }

    /**
     * Parses the URI of a {@code kind} ("event channel"), whose error messages start with that kind and end a
     * refused query with {@code queryHint}.
     *
     * @throws IllegalArgumentException naming the URI without its password and what is wrong with it
     */
    static RedisStoreUri parse(String uri, String kind, String queryHint) {
        requireNonNull(uri, "uri");
        String text = uri.trim();
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw malformed(kind, text, "no scheme (expected: redis://host:port, rediss://host:port or "
                    + "redis-cluster://host:port,host:port)");
        }
        String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-cluster")) {
            throw malformed(kind, text, "unknown scheme '" + scheme + "' (expected: redis, rediss or redis-cluster)");
        }
        String rest = text.substring(separator + 3);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw malformed(kind, text, "query and fragment are not supported (expected: "
                    + scheme + "://[user:password@]host:port" + (scheme.equals("redis-cluster") ? ",…" : "[/db]")
                    + "; " + queryHint + ")");
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            // As redis-cli and Lettuce read it: "secret@" and ":secret@" are a password for the default user.
            String rawUser = colon < 0 ? "" : userInfo.substring(0, colon);
            String rawPassword = colon < 0 ? userInfo : userInfo.substring(colon + 1);
            user = rawUser.isEmpty() ? null : decode(kind, text, rawUser, "user name");
            password = rawPassword.isEmpty() ? null : decode(kind, text, rawPassword, "password");
        }

        List<HostAndPort> hosts = new ArrayList<>();
        for (String host : authority.split(",", -1)) {
            hosts.add(parseHost(kind, text, host));
        }
        boolean cluster = scheme.equals("redis-cluster");
        if (!cluster && hosts.size() > 1) {
            throw malformed(kind, text, hosts.size() + " hosts (expected: one; use redis-cluster:// for a cluster)");
        }

        int database = 0;
        if (!path.isEmpty()) {
            if (cluster) {
                throw malformed(kind, text, "database '" + path + "' (expected: none; a Redis Cluster has only database 0)");
            }
            if (!DIGITS.matcher(path).matches()) {
                throw malformed(kind, text, "database '" + path + "' (expected: a number such as /0 or /3)");
            }
            database = Integer.parseInt(path);
        }
        return new RedisStoreUri(scheme, hosts, user, password, database);
    }

    private static HostAndPort parseHost(String kind, String uri, String text) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw malformed(kind, uri, "host '" + text + "' (expected: an IPv6 address in brackets, such as [::1]:6379)");
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw malformed(kind, uri, "host '" + text + "' (expected: [address]:port)");
                }
                port = after.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw malformed(kind, uri, "host '" + text + "' (expected: an IPv6 address in brackets, such as [::1])");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon >= 0) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw malformed(kind, uri, "no host" + (text.isEmpty() ? "" : " in '" + text + "'")
                        + " (expected: host:port)");
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw malformed(kind, uri, "host '" + host + "' (expected: a host name or IP address)");
            }
        }
        if (port == null) {
            return new HostAndPort(host, DEFAULT_PORT);
        }
        int number = DIGITS.matcher(port).matches() ? Integer.parseInt(port) : -1;
        if (number < 1 || number > 65535) {
            throw malformed(kind, uri, "port '" + port + "' of host '" + host + "' (expected: 1 to 65535)");
        }
        return new HostAndPort(host, number);
    }

    private static String decode(String kind, String uri, String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(kind, uri, "the " + what + " is not percent-encoded correctly");
        }
    }

    private static IllegalArgumentException malformed(String kind, String uri, String problem) {
        return new IllegalArgumentException(kind + " '" + redact(uri) + "': " + problem);
    }

    /** The URI with what precedes the last {@code @} of its authority replaced by {@code ***}. */
    static String redact(String uri) {
        int separator = uri.indexOf("://");
        int start = separator < 0 ? 0 : separator + 3;
        int end = uri.length();
        for (char terminator : new char[] {'/', '?', '#'}) {
            int index = uri.indexOf(terminator, start);
            if (index >= 0) {
                end = Math.min(end, index);
            }
        }
        int at = uri.lastIndexOf('@', end - 1);
        if (at < start) {
            return uri;
        }
        return uri.substring(0, start) + "***" + uri.substring(at);
    }

    /**
     * Checks a PEM file of trusted authorities for this URI, as every builder's {@code trustedCertificates} does.
     *
     * @throws IllegalArgumentException when this is not a rediss:// URI, or the file cannot be read
     */
    Path checkTrustedCertificates(Path pemFile) {
        if (!tls()) {
            throw new IllegalArgumentException("trustedCertificates: " + pemFile + " for " + this
                    + " (expected: a rediss:// URI)");
        }
        if (!Files.isReadable(pemFile)) {
            throw new IllegalArgumentException("trustedCertificates: " + pemFile + " (expected: a readable PEM file)");
        }
        return pemFile;
    }

    boolean tls() {
        return scheme.equals("rediss");
    }

    boolean cluster() {
        return scheme.equals("redis-cluster");
    }

    List<HostAndPort> hosts() {
        return hosts;
    }

    int database() {
        return database;
    }

    /** Lettuce's URI of each host, with the credentials, database and timeout. */
    List<RedisURI> toLettuce(Duration timeout) {
        List<RedisURI> uris = new ArrayList<>();
        for (HostAndPort host : hosts) {
            RedisURI.Builder builder = RedisURI.Builder.redis(host.host(), host.port())
                    .withSsl(tls())
                    .withDatabase(database)
                    .withTimeout(timeout);
            if (password != null) {
                if (user != null) {
                    builder.withAuthentication(user, password.toCharArray());
                } else {
                    builder.withPassword(password.toCharArray());
                }
            }
            uris.add(builder.build());
        }
        return uris;
    }

    /** The URI without credentials, as the store names itself: {@code redis://10.0.0.5:6379/2}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(scheme).append("://");
        for (int i = 0; i < hosts.size(); i++) {
            text.append(i == 0 ? "" : ",").append(hosts.get(i));
        }
        if (database != 0) {
            text.append('/').append(database);
        }
        return text.toString();
    }

    record HostAndPort(String host, int port) {

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
