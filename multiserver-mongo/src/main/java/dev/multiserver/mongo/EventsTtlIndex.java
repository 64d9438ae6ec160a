package dev.multiserver.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTL index on {@code at} through which MongoDB deletes messages older than the retention. The reading thread
 * makes it before it first reads, and again after an outage if it could not: creating an index that exists is a
 * no-op. An index on {@code at} with another expiry (a channel that had another retention) is changed with
 * {@code collMod}, or dropped and made again where the server has no {@code collMod}.
 */
final class EventsTtlIndex {

    private static final Logger log = LoggerFactory.getLogger(MongoEventChannel.class);
    static final String NAME = "at_ttl";
    private static final Bson KEYS = Indexes.ascending(EventDocuments.AT);
    /** Conflicts that say an index on these keys exists with other options or another name. */
    private static final int INDEX_OPTIONS_CONFLICT = 85;
    private static final int INDEX_KEY_SPECS_CONFLICT = 86;

    private final MongoDatabase database;
    private final MongoCollection<Document> events;
    private final String channelUri;
    private final long expireAfterSeconds;
    private boolean done;

    EventsTtlIndex(MongoDatabase database, MongoCollection<Document> events, String channelUri, Duration retention) {
        this.database = database;
        this.events = events;
        this.channelUri = channelUri;
        this.expireAfterSeconds = Math.max(1, (retention.toMillis() + 999) / 1000);
    }

    /** Makes the index unless already done; throws what the driver throws when the server cannot be reached. */
    void ensure() {
        if (done) {
            return;
        }
        try {
            Number existing = existingExpiry();
            if (existing == null) {
                create();
            } else if (existing.longValue() != expireAfterSeconds) {
                replace();
            }
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != INDEX_OPTIONS_CONFLICT && e.getErrorCode() != INDEX_KEY_SPECS_CONFLICT) {
                refused(e);
            } else {
                // made meanwhile by a channel with another retention
                replace();
            }
        }
        done = true;
    }

    /** The expiry of the index on {@code at}, -1 when it has none, or null when there is no such index. */
    private Number existingExpiry() {
        for (Document index : events.listIndexes()) {
            if (new Document(EventDocuments.AT, 1).equals(index.get("key", Document.class))) {
                return index.get("expireAfterSeconds") instanceof Number seconds ? seconds : -1;
            }
        }
        return null;
    }

    private void create() {
        events.createIndex(KEYS, new IndexOptions().name(NAME).expireAfter(expireAfterSeconds, TimeUnit.SECONDS));
    }

    private void replace() {
        String collection = events.getNamespace().getCollectionName();
        try {
            database.runCommand(new Document("collMod", collection)
                    .append("index", new Document("keyPattern", new Document(EventDocuments.AT, 1))
                            .append("expireAfterSeconds", expireAfterSeconds)));
            log.info("{}: the TTL index on {}.{} now expires messages after {} s", channelUri, collection,
                    EventDocuments.AT, expireAfterSeconds);
        } catch (MongoCommandException collModFailed) {
            try {
                events.dropIndex(KEYS);
                create();
                log.info("{}: the TTL index on {}.{} was made again to expire messages after {} s", channelUri,
                        collection, EventDocuments.AT, expireAfterSeconds);
            } catch (MongoCommandException e) {
                refused(e);
            }
        }
    }

    private void refused(MongoCommandException e) {
        // no right to manage indexes, say: retrying will not help, and the channel works without it
        log.warn("{}: cannot make the TTL index on {}.{} (error {} {}: {}); old messages are not deleted",
                channelUri, events.getNamespace().getCollectionName(), EventDocuments.AT, e.getErrorCode(),
                e.getErrorCodeName(), e.getErrorMessage());
    }
}
