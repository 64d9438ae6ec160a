package dev.multiserver.mongo;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.multiserver.pubsub.EventChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Inserts a channel's messages on a thread of its own, in the order they were published: what is queued while an
 * insert is under way goes in the next one, as one ordered {@code insertMany}, so a burst costs a few round trips
 * rather than one each. Each publish has the channel's timeout from the moment it is called; one waiting behind
 * others while the server is down fails when its own time is up.
 */
final class Publisher implements Runnable {

    /** At most this many messages, or bytes of payload, in one insert. */
    private static final int BATCH_MESSAGES = 500;
    private static final long BATCH_BYTES = 8L << 20;
    private static final Pending STOP = new Pending(null, null, 0, null);

    private final String channelUri;
    private final MongoCollection<Document> events;
    private final Duration timeout;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    Publisher(String channelUri, MongoCollection<Document> events, Duration timeout) {
        this.channelUri = channelUri;
        this.events = events;
        this.timeout = timeout;
        this.thread = new Thread(this, "multiserver-mongo-publish");
        thread.setDaemon(true);
        thread.start();
    }

    CompletableFuture<Void> publish(String topic, byte[] payload) {
        Pending pending = new Pending(topic, payload, System.nanoTime() + timeout.toNanos(), new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) {
            pending.fail(closed(topic));
        }
        return pending.done;
    }

    @Override
    public void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (first == STOP) {
                queue.forEach(left -> left.fail(closed(left.topic)));
                return;
            }
            batch.clear();
            batch.add(first);
            long bytes = first.payload.length;
            while (batch.size() < BATCH_MESSAGES && bytes < BATCH_BYTES) {
                Pending next = queue.peek();
                if (next == null || next == STOP || bytes + next.payload.length > BATCH_BYTES) {
                    break;
                }
                batch.add(queue.poll());
                bytes += next.payload.length;
            }
            insert(batch);
        }
    }

    private void insert(List<Pending> batch) {
        long now = System.nanoTime();
        List<Pending> live = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            if (pending.deadline - now <= 0) {
                pending.fail(new EventChannelException(channelUri, "publish to topic '" + pending.topic
                        + "' failed: no answer within " + timeout + " (waited behind earlier publishes)"));
            } else {
                live.add(pending);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        // the first is the oldest, so its time is the shortest left; a timeout of 0 would mean none at all
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(live.get(0).deadline - now));
        List<Document> documents = live.stream().map(p -> EventDocuments.of(p.topic, p.payload)).toList();
        try {
            events.withTimeout(left, TimeUnit.MILLISECONDS)
                    .insertMany(documents, new InsertManyOptions().ordered(true));
            live.forEach(pending -> pending.done.complete(null));
        } catch (MongoBulkWriteException e) {
            // ordered: those before the first error are in, the rest were not tried
            int failed = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
            for (int i = 0; i < live.size(); i++) {
                if (i < failed) {
                    live.get(i).done.complete(null);
                } else {
                    live.get(i).fail(failure(live.get(i).topic, e));
                }
            }
        } catch (RuntimeException e) {
            live.forEach(pending -> pending.fail(failure(pending.topic, e)));
        }
    }

    private EventChannelException failure(String topic, RuntimeException e) {
        return closed ? closed(topic) : new EventChannelException(channelUri, "publish to topic '" + topic
                + "' failed: " + Failures.describe(e, timeout), e);
    }

    private EventChannelException closed(String topic) {
        return new EventChannelException(channelUri, "publish to topic '" + topic + "' failed: the channel is closed");
    }

    /**
     * Refuses further publishes and waits up to the timeout for those already queued, which are still tried; then
     * fails what is left.
     */
    void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    private record Pending(String topic, byte[] payload, long deadline, CompletableFuture<Void> done) {

        void fail(EventChannelException e) {
            done.completeExceptionally(e);
        }
    }
}
