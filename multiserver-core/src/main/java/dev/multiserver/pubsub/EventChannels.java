package dev.multiserver.pubsub;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionStores;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Opens an event channel from its URI, the same forms as the session stores take.
 *
 * <pre>{@code
 * EventChannel channel = EventChannels.open("memory:");                          // one JVM
 * EventChannel channel = EventChannels.open("redis://10.0.0.5:6379");            // multiserver-redis, pub/sub
 * EventChannel channel = EventChannels.open("redis://10.0.0.5:6379?mode=streams"); // multiserver-redis, replaying
 * EventChannel channel = EventChannels.open("mongodb://db:27017/shop");          // multiserver-mongo
 * }</pre>
 *
 * <p>{@code memory:} is built in and gives a new, separate channel on each call: instances that run in one JVM share
 * it by sharing the object. Other schemes are opened by the {@link EventChannelProvider} of the module that supports
 * them, which must be on the class path.
 */
public final class EventChannels {

    private EventChannels() {
    }

    /** Opens the channel at this URI with {@link EventChannelOptions#defaults()}. */
    public static EventChannel open(String uri) {
        return open(uri, EventChannelOptions.defaults());
    }

    /**
     * Opens the channel at this URI.
     *
     * @throws IllegalArgumentException when the URI is malformed, or no module on the class path supports its scheme
     */
    public static EventChannel open(String uri, EventChannelOptions options) {
        requireNonNull(uri, "uri");
        requireNonNull(options, "options");
        String trimmed = uri.trim();
        if (trimmed.equals("memory:") || trimmed.equals("memory://")) {
            return MemoryEventChannel.create();
        }
        URI parsed = parse(trimmed);
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        TreeSet<String> known = new TreeSet<>();
        known.add("memory");
        for (EventChannelProvider provider : ServiceLoader.load(EventChannelProvider.class, loader())) {
            if (provider.schemes().contains(scheme)) {
                return provider.open(parsed, options);
            }
            known.addAll(provider.schemes());
        }
        String hint = switch (scheme) {
            case "redis", "rediss", "redis-cluster" -> "; add multiserver-redis to the class path";
            case "mongodb", "mongodb+srv" -> "; add multiserver-mongo to the class path";
            default -> "";
        };
        throw new IllegalArgumentException("event channel '" + SessionStores.redact(parsed) + "': no channel for scheme '"
                + scheme + "' (available: " + String.join(", ", known) + hint + ")");
    }

    private static URI parse(String uri) {
        if (!uri.contains("://")) {
            throw new IllegalArgumentException("event channel '" + uri + "': not a channel URI (expected: memory:, "
                    + "redis://host:port, rediss://host:port, redis-cluster://host:port,..., mongodb://host:port/db)");
        }
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("event channel: malformed URI: " + e.getMessage(), e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : EventChannels.class.getClassLoader();
    }
}
