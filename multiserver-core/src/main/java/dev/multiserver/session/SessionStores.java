package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Opens a session store from its URI.
 *
 * <pre>{@code
 * SessionStore store = SessionStores.open("memory:");                     // one JVM
 * SessionStore store = SessionStores.open("redis://10.0.0.5:6379");       // multiserver-redis
 * SessionStore store = SessionStores.open("memcached://m1:11211,m2:11211"); // multiserver-memcached
 * SessionStore store = SessionStores.open("mongodb://db:27017/shop");     // multiserver-mongo
 * }</pre>
 *
 * <p>{@code memory:} is built in; other schemes are opened by the {@link SessionStoreProvider} of the module that
 * supports them, which must be on the class path.
 */
public final class SessionStores {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

    private SessionStores() {
    }

    /** Opens the store at this URI with {@link SessionStoreOptions#defaults()}. */
    public static SessionStore open(String uri) {
        return open(uri, SessionStoreOptions.defaults());
    }

    /**
     * Opens the store at this URI.
     *
     * @throws IllegalArgumentException when the URI is malformed, or no module on the class path supports its scheme
     */
    public static SessionStore open(String uri, SessionStoreOptions options) {
        requireNonNull(uri, "uri");
        requireNonNull(options, "options");
        URI parsed = parse(uri);
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("memory")) {
            return MemorySessionStore.create();
        }
        TreeSet<String> known = new TreeSet<>();
        known.add("memory");
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class, loader())) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(parsed, options);
            }
            known.addAll(provider.schemes());
        }
        throw new IllegalArgumentException("session store '" + redact(parsed) + "': no store for scheme '" + scheme
                + "' on the class path (available: " + String.join(", ", known) + "; add multiserver-"
                + moduleFor(scheme) + " for " + scheme + ")");
    }

    private static URI parse(String uri) {
        try {
            URI parsed = new URI(uri.trim());
            if (parsed.getScheme() == null) {
                throw new IllegalArgumentException("session store '" + uri + "': no scheme (expected: memory:, "
                        + "redis://host:port, rediss://, redis-cluster://, memcached://host:port, "
                        + "mongodb://host:port/db)");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("session store: malformed URI: " + e.getMessage(), e);
        }
    }

    private static String moduleFor(String scheme) {
        if (scheme.startsWith("redis")) {
            return "redis";
        }
        if (scheme.startsWith("mongodb")) {
            return "mongo";
        }
        return scheme;
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SessionStores.class.getClassLoader();
    }

    /** The URI without its user information, for messages. */
    public static String redact(URI uri) {
        return USER_INFO.matcher(uri.toString()).replaceFirst("$1***@");
    }
}
