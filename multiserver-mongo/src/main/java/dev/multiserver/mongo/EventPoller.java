package dev.multiserver.mongo;

import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Reads new messages by querying the events collection every poll interval, in ObjectId order.
 *
 * <p>An ObjectId is made by the publisher before its insert, so ids from several processes do not reach the
 * collection in id order: an insert that took a while, or came from a host whose clock is behind, lands with an id
 * older than ones already read. Each poll therefore reads the ids of a window reaching {@link #lookback} before the
 * previous poll (ids only, which is cheap), and fetches the messages it has not delivered yet. The ids delivered are
 * kept as long as the window can still return them, which bounds the set. After a lost connection the window starts
 * before the last poll that worked, so what was inserted meanwhile arrives once.
 */
final class EventPoller {

    /** Added to the timeout (the longest an insert may take) for clocks of publishers behind ours. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(2);
    /** Messages fetched per query. */
    private static final int FETCH_BATCH = 100;
    /** A guard against ids dated far in the future (a publisher's clock ahead), which the window never drops. */
    private static final int MAX_REMEMBERED = 1_000_000;

    private final EventFeed feed;
    private final Outage outage;
    private final Duration lookback;
    private final NavigableSet<ObjectId> seen = new TreeSet<>();
    private long lastPollMillis = -1;

    EventPoller(EventFeed feed) {
        this.feed = feed;
        this.outage = new Outage(feed.channelUri, feed.options.timeout());
        this.lookback = feed.options.timeout().plus(CLOCK_SKEW);
    }

    void run() {
        while (!feed.isClosing()) {
            try {
                feed.ttlIndex.ensure();
                poll();
                outage.recovered("polling");
            } catch (RuntimeException e) {
                // also what the driver throws once close() has closed the client under this thread
                if (feed.isClosing()) {
                    return;
                }
                outage.failed("polling", e);
            }
            feed.pause(feed.options.pollInterval());
        }
    }

    private void poll() {
        long pollMillis = System.currentTimeMillis();
        boolean baseline = lastPollMillis < 0;
        ObjectId from = oldestIdOf((baseline ? pollMillis : lastPollMillis) - lookback.toMillis());
        seen.headSet(from).clear();
        List<ObjectId> wanted = new ArrayList<>();
        for (Document head : feed.events.find(gte(EventDocuments.ID, from))
                .projection(Projections.include(EventDocuments.ID, EventDocuments.TOPIC))
                .sort(Sorts.ascending(EventDocuments.ID))) {
            if (!(head.get(EventDocuments.ID) instanceof ObjectId id) || seen.contains(id)) {
                continue;
            }
            // the first poll only learns what is there already: a new subscriber gets what is published later
            if (!baseline && head.get(EventDocuments.TOPIC) instanceof String topic
                    && feed.listeners.listensTo(topic)) {
                wanted.add(id);
            } else {
                remember(id);
            }
        }
        for (int start = 0; start < wanted.size(); start += FETCH_BATCH) {
            List<ObjectId> batch = wanted.subList(start, Math.min(wanted.size(), start + FETCH_BATCH));
            for (Document document : feed.events.find(in(EventDocuments.ID, batch))
                    .sort(Sorts.ascending(EventDocuments.ID))) {
                remember(document.getObjectId(EventDocuments.ID));
                feed.deliver(document);
            }
            // an id not found expired meanwhile; it is not asked for again
            batch.forEach(this::remember);
        }
        lastPollMillis = pollMillis;
        if (baseline) {
            feed.markStarted(ChannelMode.POLLING);
        }
    }

    private void remember(ObjectId id) {
        seen.add(id);
        if (seen.size() > MAX_REMEMBERED) {
            seen.pollFirst();
        }
    }

    /** The smallest ObjectId of this time: ids compare by their first four bytes, the seconds, first. */
    private static ObjectId oldestIdOf(long epochMillis) {
        long seconds = Math.max(0, epochMillis / 1000);
        return new ObjectId(String.format("%08x%016x", seconds, 0L));
    }
}
