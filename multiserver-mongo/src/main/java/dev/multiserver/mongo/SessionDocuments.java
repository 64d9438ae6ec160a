package dev.multiserver.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.type;

import com.mongodb.client.model.Updates;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The document of one session, and the filters and updates that read and change it:
 *
 * <pre>{@code
 * { _id: "3q2…", created: ISODate(…), accessed: ISODate(…), maxInactive: 1800000 (ms),
 *   expiresAt: ISODate(…) (absent when it never expires), attributes: { user: "\"ada\"", "a%2Eb": "1" } }
 * }</pre>
 *
 * Attribute values are the JSON texts of {@link dev.multiserver.session.SessionValueCodec}; attribute names are
 * escaped by {@link AttributeNames}.
 */
final class SessionDocuments {

    static final String ID = "_id";
    static final String CREATED = "created";
    static final String ACCESSED = "accessed";
    static final String MAX_INACTIVE = "maxInactive";
    static final String EXPIRES_AT = "expiresAt";
    static final String ATTRIBUTES = "attributes";

    private SessionDocuments() {
    }

    /** The whole document of a new session. */
    static Document newSession(SessionChanges changes) {
        Document attributes = new Document();
        changes.set().forEach((name, json) -> attributes.append(AttributeNames.escape(name), json));
        Document document = new Document(ID, changes.id())
                .append(CREATED, Date.from(changes.createdAt()))
                .append(ACCESSED, Date.from(changes.lastAccessedAt()))
                .append(MAX_INACTIVE, changes.maxInactiveInterval().toMillis());
        changes.expiresAt().ifPresent(expiry -> document.append(EXPIRES_AT, Date.from(expiry)));
        return document.append(ATTRIBUTES, attributes);
    }

    /** The same session under another id. */
    static Document withId(Document session, String id) {
        Document moved = new Document(ID, id);
        session.forEach((field, value) -> {
            if (!field.equals(ID)) {
                moved.append(field, value);
            }
        });
        return moved;
    }

    /**
     * Matches the session with this id while it is alive at {@code now} and shaped as this store writes it, so an
     * update neither brings back an expired session nor changes a foreign document.
     */
    static Bson live(String id, Instant now) {
        return and(eq(ID, id),
                type(ATTRIBUTES, BsonType.DOCUMENT),
                type(CREATED, BsonType.DATE_TIME),
                or(exists(EXPIRES_AT, false), gt(EXPIRES_AT, Date.from(now))));
    }

    /** Only the changes of one request: each attribute set or removed, the access time and the expiry. */
    static Bson update(SessionChanges changes) {
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set(ACCESSED, Date.from(changes.lastAccessedAt())));
        updates.add(Updates.set(MAX_INACTIVE, changes.maxInactiveInterval().toMillis()));
        updates.add(changes.expiresAt()
                .map(expiry -> Updates.set(EXPIRES_AT, Date.from(expiry)))
                .orElseGet(() -> Updates.unset(EXPIRES_AT)));
        changes.set().forEach((name, json) -> updates.add(Updates.set(path(name), json)));
        changes.removed().forEach(name -> updates.add(Updates.unset(path(name))));
        return Updates.combine(updates);
    }

    private static String path(String name) {
        return ATTRIBUTES + "." + AttributeNames.escape(name);
    }

    /** Whether the document says the session has expired at {@code now}; the TTL monitor may not have run yet. */
    static boolean isExpired(Document document, Instant now) {
        Object expiresAt = document.get(EXPIRES_AT);
        return expiresAt instanceof Date date && !date.toInstant().isAfter(now);
    }

    /**
     * Reads a session document.
     *
     * @return empty when the document is not shaped as this store writes sessions
     */
    static Optional<StoredSession> read(Document document) {
        if (!(document.get(ID) instanceof String id)
                || !(document.get(CREATED) instanceof Date created)
                || !(document.get(ACCESSED) instanceof Date accessed)
                || !(document.get(MAX_INACTIVE) instanceof Number maxInactive)
                || !(document.get(ATTRIBUTES) instanceof Document fields)) {
            return Optional.empty();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!(field.getValue() instanceof String json)) {
                return Optional.empty();
            }
            try {
                attributes.put(AttributeNames.unescape(field.getKey()), json);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new StoredSession(id, created.toInstant(), accessed.toInstant(),
                Duration.ofMillis(maxInactive.longValue()), attributes));
    }
}
