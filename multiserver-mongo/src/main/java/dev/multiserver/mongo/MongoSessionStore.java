package dev.multiserver.mongo;

import static com.mongodb.client.model.Filters.eq;
import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStoreOptions;
import dev.multiserver.session.SessionStoreTimeoutException;
import dev.multiserver.session.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in MongoDB, one document per session in the collection {@code NAMESPACE.sessions} of the database named
 * in the URI ({@code multiserver} when it names none).
 *
 * <pre>{@code
 * SessionStore store = MongoSessionStore.of("mongodb://db1:27017,db2:27017/shop?replicaSet=rs0");
 * SessionStore store = MongoSessionStore.builder("mongodb+srv://app:secret@cluster0.example.net/shop")
 *         .timeout(Duration.ofMillis(500))
 *         .namespace("checkout")
 *         .build();
 * }</pre>
 *
 * <p>A request's changes are one {@code updateOne} with a {@code $set} or {@code $unset} per attribute, so two
 * requests of one user that change different attributes both persist, and the same attribute is last writer wins.
 * A TTL index on {@code expiresAt} lets MongoDB delete expired sessions; as its monitor runs only once a minute, a
 * session whose {@code expiresAt} has passed never loads even while its document is still there.
 *
 * <p>Every call is bounded by the timeout (default 2 s): the driver's client-side operation timeout, server
 * selection and connecting all use it, so a call to a server that is down fails with a
 * {@link dev.multiserver.session.SessionStoreException} naming {@link #uri()} within about that time, and calls work
 * again by themselves once the server is back. {@link #changeId} is three operations (find, insert, delete) and not
 * atomic: if the last fails, both ids load the session.
 */
public final class MongoSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(MongoSessionStore.class);
    private static final int REMEMBERED_FOREIGN_IDS = 1024;

    private final String uri;
    private final Duration timeout;
    private final MongoClient client;
    private final MongoCollection<Document> sessions;
    private final TtlIndex ttlIndex;
    private final Failures failures;
    private final ConcurrentMap<String, Boolean> reportedForeignIds = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_FOREIGN_IDS)
            .<String, Boolean>build()
            .asMap();
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean closed = new AtomicBoolean();

    MongoSessionStore(MongoUri uri, SessionStoreOptions options) {
        this.uri = uri.toString();
        this.timeout = options.timeout();
        this.failures = new Failures(this.uri, timeout);
        this.client = Clients.create(uri, timeout);
        this.sessions = client.getDatabase(uri.database()).getCollection(options.namespace() + ".sessions");
        this.ttlIndex = new TtlIndex(sessions, this.uri);
        ttlIndex.create();
    }

    /**
     * Opens the store at {@code mongodb://[user:password@]host:port[,host2:port2]/database[?options]} (or
     * {@code mongodb+srv://}) with a timeout of 2 s and the namespace {@code multiserver}.
     *
     * @throws IllegalArgumentException naming the URI (without its password) when it is malformed
     */
    public static MongoSessionStore of(String uri) {
        return builder(uri).build();
    }

    /**
     * A builder for the store at this URI.
     *
     * @throws IllegalArgumentException naming the URI (without its password) when it is malformed
     */
    public static MongoSessionStoreBuilder builder(String uri) {
        requireNonNull(uri, "uri");
        return new MongoSessionStoreBuilder(MongoUri.parse(uri));
    }

    @Override
    public Optional<StoredSession> load(String id) {
        requireNonNull(id, "id");
        Instant now = clock.instant();
        Document document = call("load", id, () -> sessions.find(eq(SessionDocuments.ID, id)).first());
        return document == null ? Optional.empty() : live(id, document, now);
    }

    @Override
    public boolean save(SessionChanges changes) {
        requireNonNull(changes, "changes");
        String id = changes.id();
        if (changes.isNew()) {
            call("save", id, () -> sessions.replaceOne(eq(SessionDocuments.ID, id),
                    SessionDocuments.newSession(changes), new ReplaceOptions().upsert(true)));
            return true;
        }
        Instant now = clock.instant();
        return call("save", id, () -> sessions.updateOne(SessionDocuments.live(id, now),
                SessionDocuments.update(changes))).getMatchedCount() > 0;
    }

    @Override
    public void delete(String id) {
        requireNonNull(id, "id");
        call("delete", id, () -> sessions.deleteOne(eq(SessionDocuments.ID, id)));
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        requireNonNull(oldId, "oldId");
        requireNonNull(newId, "newId");
        if (oldId.equals(newId)) {
            return load(oldId).isPresent();
        }
        Instant now = clock.instant();
        long deadline = System.nanoTime() + timeout.toNanos();
        return call("change of id", oldId, () -> {
            Document document = within(deadline).find(eq(SessionDocuments.ID, oldId)).first();
            if (document == null || live(oldId, document, now).isEmpty()) {
                return false;
            }
            within(deadline).insertOne(SessionDocuments.withId(document, newId));
            within(deadline).deleteOne(eq(SessionDocuments.ID, oldId));
            return true;
        });
    }

    /** The session in this document, or empty when it has expired or is not a session this store wrote. */
    private Optional<StoredSession> live(String id, Document document, Instant now) {
        if (SessionDocuments.isExpired(document, now)) {
            return Optional.empty();
        }
        Optional<StoredSession> session = SessionDocuments.read(document);
        if (session.isEmpty()) {
            if (reportedForeignIds.putIfAbsent(id, Boolean.TRUE) == null) {
                log.warn("{}: the document of session {} in {} is not a session this store wrote; it loads as no "
                        + "session", uri, SessionIds.abbreviate(id), sessions.getNamespace().getCollectionName());
            }
            return Optional.empty();
        }
        return session.filter(stored -> !stored.isExpiredAt(now));
    }

    /** The collection with what is left of one call's timeout, for a call made of several operations. */
    private MongoCollection<Document> within(long deadline) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            // a timeout of 0 would mean none at all
            throw new SessionStoreTimeoutException(uri, "change of id", timeout, null);
        }
        return sessions.withTimeout(left, TimeUnit.MILLISECONDS);
    }

    private <T> T call(String operation, String id, Supplier<T> action) {
        if (closed.get()) {
            throw failures.closed();
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            throw closed.get() ? failures.closed() : failures.of(operation + " of session " + SessionIds.abbreviate(id), e);
        }
        ttlIndex.retryIfPending();
        return result;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "MongoSessionStore(" + uri + ", " + sessions.getNamespace().getCollectionName() + ")";
    }
}
