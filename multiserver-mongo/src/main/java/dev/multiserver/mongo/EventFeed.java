package dev.multiserver.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.TopicListeners;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a channel's one reading thread: it settles the mode, then runs the change stream or the poller until
 * the channel closes. Listeners are called on this thread, so they see messages one at a time, in order.
 */
final class EventFeed implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(MongoEventChannel.class);

    final String channelUri;
    final MongoCollection<Document> events;
    final EventChannelOptions options;
    final TopicListeners listeners;
    final EventsTtlIndex ttlIndex;
    private final ChannelMode mode;
    private final BsonDocument initialResumeToken;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile ChannelMode running;

    EventFeed(String channelUri, MongoDatabase database, MongoCollection<Document> events, EventChannelOptions options, TopicListeners listeners,
            ChannelMode mode, BsonDocument initialResumeToken) {
        this.channelUri = channelUri;
        this.events = events;
        this.options = options;
        this.listeners = listeners;
        this.mode = mode;
        this.initialResumeToken = initialResumeToken;
        this.ttlIndex = new EventsTtlIndex(database, events, channelUri, options.retention());
    }

    @Override
    public void run() {
        if (mode != ChannelMode.POLLING) {
            boolean supported = new ChangeStreamReader(this, mode == ChannelMode.AUTO, initialResumeToken).run();
            if (supported) {
                return;
            }
            log.info("{}: the server does not support change streams (a standalone server); polling {} every {} "
                    + "instead", channelUri, events.getNamespace().getCollectionName(), options.pollInterval());
        }
        new EventPoller(this).run();
    }

    /** Called by the reader once it reads from a known position, so that a new subscription misses nothing. */
    void markStarted(ChannelMode mode) {
        running = mode;
        started.countDown();
    }

    /** Waits until the reader reads from a known position; false when that took longer than the timeout. */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits this long, or less if the channel closes meanwhile; true when it is closing. */
    boolean pause(Duration duration) {
        try {
            return closing.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    boolean isClosing() {
        return closing.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    void close() {
        closing.countDown();
    }

    /** The mode being run, once settled; null before. */
    ChannelMode runningMode() {
        return running;
    }

    void deliver(Document document) {
        EventDocuments.read(document).ifPresentOrElse(
                event -> listeners.deliver(event.topic(), event.payload()),
                () -> log.debug("{}: a document in {} is not a message; skipped", channelUri,
                        events.getNamespace().getCollectionName()));
    }
}
