package dev.multiserver.mongo;

import static java.util.Objects.requireNonNull;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.EventListener;
import dev.multiserver.pubsub.Subscription;
import dev.multiserver.pubsub.TopicListeners;
import dev.multiserver.pubsub.Topics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * An event channel on MongoDB: each message is a document in the collection {@code NAMESPACE.events} of the
 * database named in the URI ({@code multiserver} when it names none), read by every node from a change stream or, on
 * a server without change streams, by polling the collection.
 *
 * <pre>{@code
 * EventChannel channel = MongoEventChannel.of("mongodb://db1:27017,db2:27017/shop?replicaSet=rs0");
 * EventChannel channel = MongoEventChannel.builder("mongodb://db:27017/shop?mode=polling")
 *         .options(EventChannelOptions.defaults().withPollInterval(Duration.ofMillis(250)))
 *         .build();
 * }</pre>
 *
 * <p>The URI option {@code mode} says how new messages are found: {@code changestreams} (a replica set or sharded
 * cluster), {@code polling} (any server: a query every {@link EventChannelOptions#pollInterval()}), or
 * {@code auto}, the default, which uses change streams when the server has them and says so once in the log when it
 * polls instead.
 *
 * <p>Both modes {@linkplain Delivery#REPLAY_AFTER_RECONNECT replay after a reconnect}: a node that lost its
 * connection receives, once and in order, what was published meanwhile, as long as the server still has it. The
 * change stream resumes after the last message it delivered (when the server no longer has that point, one WARN says
 * so and the stream continues from now); the poller reads again from before its last successful poll. A TTL index
 * on {@code at} deletes messages older than {@link EventChannelOptions#retention()}.
 *
 * <p>Messages of one channel are inserted one after another, so they arrive in the order they were published; every
 * publish is bounded by {@link EventChannelOptions#timeout()} and fails with an {@link EventChannelException} naming
 * {@link #uri()} when the server is down. Listeners are called on the channel's reading thread.
 */
public final class MongoEventChannel implements EventChannel {

    private final String uri;
    private final EventChannelOptions options;
    private final MongoClient client;
    private final TopicListeners listeners;
    private final Publisher publisher;
    private final EventFeed feed;
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    MongoEventChannel(ChannelUri channelUri, EventChannelOptions options, BsonDocument resumeToken) {
        this.uri = channelUri.mongo().toString();
        this.options = options;
        this.client = Clients.create(channelUri.mongo(), options.timeout());
        MongoDatabase database = client.getDatabase(channelUri.mongo().database());
        MongoCollection<Document> events = database.getCollection(options.namespace() + ".events");
        this.listeners = TopicListeners.onDeliveringThread(uri);
        this.publisher = new Publisher(uri, events, options.timeout());
        this.feed = new EventFeed(uri, database, events, options, listeners, channelUri.mode(), resumeToken);
        this.reader = new Thread(feed, "multiserver-mongo-events");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Opens the channel at {@code mongodb://[user:password@]host:port[,host2:port2]/database[?options]} (or
     * {@code mongodb+srv://}) with {@link EventChannelOptions#defaults()}.
     *
     * @throws IllegalArgumentException naming the URI (without its password) when it is malformed or its mode unknown
     */
    public static MongoEventChannel of(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder for the channel at this URI.
     *
     * @throws IllegalArgumentException naming the URI (without its password) when it is malformed or its mode unknown
     */
    public static MongoEventChannelBuilder builder(String uri) {
        requireNonNull(uri, "uri");
        return new MongoEventChannelBuilder(ChannelUri.parse(uri));
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        Topics.check(topic);
        byte[] copy = Topics.checkPayload(payload).clone();
        if (closed.get()) {
            return CompletableFuture.failedFuture(new EventChannelException(uri, "publish to topic '" + topic
                    + "' failed: the channel is closed"));
        }
        return publisher.publish(topic, copy);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Until the channel first reaches its server, this waits for it up to the timeout.
     */
    @Override
    public Subscription subscribe(String topic, EventListener listener) {
        Topics.check(topic);
        requireNonNull(listener, "listener");
        if (closed.get()) {
            throw new EventChannelException(uri, "subscribe to topic '" + topic + "' failed: the channel is closed");
        }
        boolean started;
        try {
            started = feed.awaitStarted(options.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventChannelException(uri, "subscribe to topic '" + topic + "' failed: interrupted", e);
        }
        if (!started) {
            throw new EventChannelException(uri, "subscribe to topic '" + topic + "' failed: the server was not "
                    + "reached within " + options.timeout());
        }
        return listeners.add(topic, listener, listeners::remove);
    }

    @Override
    public Delivery delivery() {
        return Delivery.REPLAY_AFTER_RECONNECT;
    }

    @Override
    public String uri() {
        return uri;
    }

    /** The mode in use, {@code changestreams} or {@code polling}; {@code auto} until the server has been reached. */
    String mode() {
        ChannelMode running = feed.runningMode();
        return (running == null ? ChannelMode.AUTO : running).toString();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        feed.close();
        publisher.close();
        client.close();
        try {
            reader.join(options.timeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.close();
    }

    @Override
    public String toString() {
        return "MongoEventChannel(" + uri + ", " + options.namespace() + ".events, " + mode() + ")";
    }
}
