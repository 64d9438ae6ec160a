package dev.multiserver.redis;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.TopicListeners;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Redis Streams: a publish appends to the topic's stream with one script that also trims it to about
 * {@code retainedEvents} entries and to entries younger than {@code retention}, and lets the stream expire when
 * nothing is published for that long; the
 * {@link StreamReader} reads every subscribed stream from the last entry it saw, so what was appended while its
 * connection was down is read once it is back.
 */
final class StreamTransport implements EventTransport {

    /** The field of an entry that holds the payload (written by {@code publish-event.lua}). */
    static final String PAYLOAD = "p";

    private static final LuaScript PUBLISH = LuaScript.of("publish-event.lua");

    private final RedisConnector<byte[]> connector;
    private final EventKeys keys;
    private final byte[] retainedEvents;
    private final byte[] retentionMillis;
    private final StreamReader reader;

    StreamTransport(String channelUri, RedisConnector<byte[]> connector, EventKeys keys, TopicListeners listeners,
            EventChannelOptions options) {
        this.connector = connector;
        this.keys = keys;
        this.retainedEvents = Long.toString(options.retainedEvents()).getBytes(StandardCharsets.US_ASCII);
        this.retentionMillis = Long.toString(options.retention().toMillis()).getBytes(StandardCharsets.US_ASCII);
        this.reader = new StreamReader(channelUri, connector, keys, listeners, options.timeout());
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        String[] key = {keys.key(topic)};
        return connector.connection()
                .thenCompose(connection -> PUBLISH.runWith(connection.commands(), key,
                        new byte[][] {payload, retainedEvents, retentionMillis}))
                .thenApply(added -> null);
    }

    @Override
    public CompletableFuture<Void> listen(String topic) {
        String key = keys.key(topic);
        // the stream's last entry now: everything published after subscribe() returns comes after it
        return connector.connection()
                .thenCompose(connection -> connection.commands().xrevrange(key, Range.create("-", "+"), Limit.create(0, 1)))
                .thenAccept(last -> reader.add(topic, key, last.isEmpty() ? "0-0" : last.get(0).getId()));
    }

    @Override
    public void stopListening(String topic) {
        reader.remove(topic);
    }

    @Override
    public Delivery delivery() {
        return Delivery.REPLAY_AFTER_RECONNECT;
    }

    @Override
    public void close() {
        reader.close();
    }
}
