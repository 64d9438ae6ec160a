package dev.multiserver.mongo;

import static java.util.Objects.requireNonNull;

import dev.multiserver.pubsub.EventChannelOptions;
import org.bson.BsonDocument;

/**
 * Settings of a {@link MongoEventChannel}; each may be set once. {@link #build()} leaves the builder as it was, so it
 * can open several channels.
 *
 * <pre>{@code
 * MongoEventChannel channel = MongoEventChannel.builder("mongodb://db:27017/shop")
 *         .options(EventChannelOptions.defaults().withNamespace("chat").withTimeout(Duration.ofSeconds(1)))
 *         .build();
 * }</pre>
 */
public final class MongoEventChannelBuilder {

    private final ChannelUri uri;
    private EventChannelOptions options;
    private BsonDocument resumeToken;

    MongoEventChannelBuilder(ChannelUri uri) {
        this.uri = uri;
    }

    /**
     * The timeout of every publish and of a first subscribe, the namespace of the collection
     * ({@code NAMESPACE.events}), the retention that the TTL index applies, and the poll interval of the polling
     * mode; default {@link EventChannelOptions#defaults()}. {@code retainedEvents} does not apply: the collection
     * is bounded by age only.
     */
    public MongoEventChannelBuilder options(EventChannelOptions options) {
        requireNonNull(options, "options");
        if (this.options != null) {
            throw new IllegalStateException("options was already set to " + this.options);
        }
        this.options = options;
        return this;
    }

    /** For tests: the change stream starts after this token, as if it had been read before a lost connection. */
    MongoEventChannelBuilder resumeToken(BsonDocument token) {
        this.resumeToken = requireNonNull(token, "token");
        return this;
    }

    /**
     * Opens the channel and starts its reading thread. A server that cannot be reached now does not fail this:
     * publishes fail, and a first subscribe waits up to the timeout, until it is back.
     */
    public MongoEventChannel build() {
        return new MongoEventChannel(uri, options == null ? EventChannelOptions.defaults() : options, resumeToken);
    }
}
