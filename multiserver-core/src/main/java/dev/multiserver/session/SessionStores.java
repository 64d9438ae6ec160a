package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
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
        String trimmed = uri.trim();
        if (trimmed.equals("memory:") || trimmed.equals("memory://")) {
            return MemorySessionStore.create();
        }
        URI parsed = parse(trimmed);
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        known.add("memory");
        for (SessionStoreProvider provider : ServiceLoader.load(SessionStoreProvider.class, loader())) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(parsed, options);
            }
            known.addAll(provider.schemes());
        }
        String hint = moduleFor(scheme).map(module -> "; add " + module + " to the class path").orElse("");
        throw new IllegalArgumentException("session store '" + redact(parsed) + "': no store for scheme '" + scheme
                + "' (available: " + String.join(", ", known) + hint + ")");
    }

    private static URI parse(String uri) {
        if (!uri.contains("://")) {
            throw new IllegalArgumentException("session store '" + uri + "': not a store URI (expected: memory:, "
                    + "redis://host:port, rediss://host:port, redis-cluster://host:port,..., "
                    + "memcached://host:port,..., mongodb://host:port/db)");
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("session store: malformed URI: " + e.getMessage(), e);
        }
    }

    private static Optional<String> moduleFor(String scheme) {
        if (scheme.equals("redis") || scheme.equals("rediss") || scheme.equals("redis-cluster")) {
            return Optional.of("multiserver-redis");
        }
        if (scheme.equals("memcached")) {
            return Optional.of("multiserver-memcached");
        }
        if (scheme.equals("mongodb") || scheme.equals("mongodb+srv")) {
            return Optional.of("multiserver-mongo");
        }
        return Optional.empty();
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
