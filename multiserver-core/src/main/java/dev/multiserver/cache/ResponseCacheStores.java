package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStores;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Opens a response cache store from its URI, the same forms as the session stores take.
 *
 * <pre>{@code
 * ResponseCacheStore local = ResponseCacheStores.open("memory:");                         // 256 MiB here
 * ResponseCacheStore shared = ResponseCacheStores.open("redis://10.0.0.5:6379");          // multiserver-redis
 * ResponseCacheStore shared = ResponseCacheStores.open("memcached://m1:11211,m2:11211");  // multiserver-memcached
 * ResponseCache cache = ResponseCache.builder().sharedStore(shared).build();
 * }</pre>
 *
 * <p>{@code memory:} is built in and gives a new, separate store of {@link ResponseCacheStoreOptions#maxBytes()} on
 * each call. Other schemes are opened by the {@link ResponseCacheStoreProvider} of the module that supports them,
 * which must be on the class path.
 */
public final class ResponseCacheStores {

    private ResponseCacheStores() {
    }

    /** Opens the store at this URI with {@link ResponseCacheStoreOptions#defaults()}. */
    public static ResponseCacheStore open(String uri) {
        return open(uri, ResponseCacheStoreOptions.defaults());
    }

    /**
     * Opens the store at this URI.
     *
     * @throws IllegalArgumentException when the URI is malformed, or no module on the class path supports its scheme
     */
    public static ResponseCacheStore open(String uri, ResponseCacheStoreOptions options) {
        requireNonNull(uri, "uri");
        requireNonNull(options, "options");
        String trimmed = uri.trim();
        if (trimmed.equals("memory:") || trimmed.equals("memory://")) {
            return ResponseCacheStore.memory(options.maxBytes());
        }
        URI parsed = parse(trimmed);
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        known.add("memory");
        for (ResponseCacheStoreProvider provider : ServiceLoader.load(ResponseCacheStoreProvider.class, loader())) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(parsed, options);
            }
            known.addAll(provider.schemes());
        }
        String hint = switch (scheme) {
            case "redis", "rediss", "redis-cluster" -> "; add multiserver-redis to the class path";
            case "memcached" -> "; add multiserver-memcached to the class path";
            default -> "";
        };
        throw new IllegalArgumentException("response cache store '" + SessionStores.redact(parsed)
                + "': no store for scheme '" + scheme + "' (available: " + String.join(", ", known) + hint + ")");
    }

    private static URI parse(String uri) {
        if (!uri.contains("://")) {
            throw new IllegalArgumentException("response cache store '" + uri + "': not a store URI (expected: "
                    + "memory:, redis://host:port, rediss://host:port, redis-cluster://host:port,..., "
                    + "memcached://host:port,...)");
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("response cache store: malformed URI: " + e.getMessage(), e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ResponseCacheStores.class.getClassLoader();
    }
}
