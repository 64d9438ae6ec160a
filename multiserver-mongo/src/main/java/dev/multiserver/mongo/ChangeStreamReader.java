package dev.multiserver.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the inserts into the events collection from a change stream, keeping the resume token of the last one so
 * that after a lost connection the stream starts again right after it: what was inserted meanwhile arrives once, in
 * order. The stream covers every topic and the listeners pick theirs, so subscribing never restarts it.
 */
final class ChangeStreamReader {

    private static final Logger log = LoggerFactory.getLogger(MongoEventChannel.class);

    /**
     * Server errors after which a stream can resume from its token, as the driver's change stream specification
     * lists them (network and election errors, a primary stepping down, ...). Any other error the server answers to
     * a resume says it cannot resume from there: ChangeStreamHistoryLost (286) when the oplog has moved past the
     * token, InvalidResumeToken (260), or whatever a server answers to a token it cannot read.
     */
    private static final Set<Integer> RESUMABLE = Set.of(6, 7, 43, 63, 89, 91, 133, 150, 189, 234, 262, 9001, 10107,
            11600, 11602, 13388, 13435, 13436);
    private static final String RESUMABLE_LABEL = "ResumableChangeStreamError";
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);

    private final EventFeed feed;
    private final boolean detecting;
    private final Outage outage;
    private BsonDocument resumeToken;

    ChangeStreamReader(EventFeed feed, boolean detecting, BsonDocument resumeToken) {
        this.feed = feed;
        this.detecting = detecting;
        this.outage = new Outage(feed.channelUri, feed.options.timeout());
        this.resumeToken = resumeToken;
    }

    /** Reads until the channel closes; false at once when detecting and the server has no change streams. */
    boolean run() {
        boolean opened = false;
        while (!feed.isClosing()) {
            try {
                feed.ttlIndex.ensure();
                try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open()) {
                    opened = true;
                    outage.recovered("the change stream");
                    feed.markStarted(ChannelMode.CHANGE_STREAMS);
                    read(cursor);
                }
            } catch (MongoCommandException e) {
                if (feed.isClosing()) {
                    break;
                }
                if (resumeToken != null && !RESUMABLE.contains(e.getErrorCode())
                        && !e.hasErrorLabel(RESUMABLE_LABEL)) {
                    log.warn("{}: the change stream cannot resume where it stopped (error {} {}: {}); continuing "
                            + "from now, so messages published meanwhile are lost to this node", feed.channelUri,
                            e.getErrorCode(), e.getErrorCodeName(), e.getErrorMessage());
                    resumeToken = null;
                    continue;
                }
                if (detecting && !opened) {
                    return false;
                }
                outage.failed("the change stream", e);
                feed.pause(RETRY_DELAY);
            } catch (RuntimeException e) {
                // also what the driver throws once close() has closed the client under this thread
                if (feed.isClosing()) {
                    break;
                }
                outage.failed("the change stream", e);
                feed.pause(RETRY_DELAY);
            }
        }
        return true;
    }

    private MongoChangeStreamCursor<ChangeStreamDocument<Document>> open() {
        ChangeStreamIterable<Document> stream = feed.events
                .watch(List.of(Aggregates.match(Filters.eq("operationType", "insert"))))
                .maxAwaitTime(maxAwait(), TimeUnit.MILLISECONDS);
        if (resumeToken != null) {
            stream = stream.startAfter(resumeToken);
        }
        return stream.cursor();
    }

    /** How long the server may hold one getMore: below the client's timeout, which bounds every call. */
    private long maxAwait() {
        return Math.max(1, Math.min(1000, feed.options.timeout().toMillis() / 2));
    }

    private void read(MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor) {
        while (!feed.isClosing()) {
            ChangeStreamDocument<Document> change = cursor.tryNext();
            if (change != null) {
                feed.deliver(change.getFullDocument());
            }
            BsonDocument token = cursor.getResumeToken();
            if (token != null) {
                resumeToken = token;
            }
        }
    }
}
