package dev.multiserver.mongo;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TTL index on {@code expiresAt} through which MongoDB deletes expired sessions. It is created when the store
 * opens; creating an index that exists is a no-op. When the server cannot be reached then, the store still opens
 * and tries again after its next successful call, so a store opened during an outage gets its index once the server
 * is back.
 */
final class TtlIndex {

    private static final Logger log = LoggerFactory.getLogger(TtlIndex.class);

    /** How long a retry that failed although the server answered the call before waits for the next. */
    private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final MongoCollection<Document> sessions;
    private final String storeUri;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean reportedUnreachable = new AtomicBoolean();
    private volatile long notBefore = System.nanoTime();

    TtlIndex(MongoCollection<Document> sessions, String storeUri) {
        this.sessions = sessions;
        this.storeUri = storeUri;
    }

    /** Creates the index, as the store opens; never throws. */
    void create() {
        attempt(false);
    }

    /**
     * Creates the index if that failed before; called after a call that reached the server, so one request pays
     * for it (bounded by the timeout) and the others go on.
     */
    void retryIfPending() {
        if (pending.get() && System.nanoTime() - notBefore >= 0 && pending.getAndSet(false)) {
            attempt(true);
        }
    }

    private void attempt(boolean retry) {
        try {
            sessions.createIndex(Indexes.ascending(SessionDocuments.EXPIRES_AT),
                    new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
        } catch (MongoCommandException e) {
            // another index on expiresAt, or no right to create indexes: retrying will not help
            log.warn("{}: cannot create the TTL index on {}.{} (error {} {}: {}); expired sessions never load but "
                    + "stay in the collection until deleted", storeUri, sessions.getNamespace().getCollectionName(),
                    SessionDocuments.EXPIRES_AT, e.getErrorCode(), e.getErrorCodeName(), e.getErrorMessage());
        } catch (MongoException e) {
            if (retry) {
                notBefore = System.nanoTime() + RETRY_INTERVAL_NANOS;
            }
            pending.set(true);
            if (reportedUnreachable.compareAndSet(false, true)) {
                log.warn("{}: cannot create the TTL index on {} yet ({}); trying again after a call that reaches "
                        + "the server", storeUri, SessionDocuments.EXPIRES_AT, e.getClass().getSimpleName());
            }
        }
    }
}
