package dev.multiserver.servlet;

import static java.util.Objects.requireNonNull;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.StoredSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link HttpSession} the application gets: attributes are encoded when set, decoded when first read, and
 * collected as changes for the store. It lives for one request; every call locks the request's
 * {@link RequestSessions}, which does all talking to the store.
 */
final class SyncSession implements HttpSession {

    private final RequestSessions owner;
    private final Instant createdAt;
    private final Instant lastAccessedAt;
    private final boolean isNew;
    private final Map<String, Attribute> attributes;
    private String id;
    private Duration maxInactiveInterval;
    private boolean maxInactiveIntervalChanged;
    /** Whether the store holds this session (under {@link #id}). */
    private boolean stored;
    /** The access time the store has, which decides when to touch. */
    private Instant writtenAccess;
    private boolean valid = true;

    private SyncSession(RequestSessions owner, String id, Instant createdAt, Instant lastAccessedAt,
            Duration maxInactiveInterval, boolean isNew, Map<String, Attribute> attributes) {
        this.owner = owner;
        this.id = id;
        this.createdAt = createdAt;
        this.lastAccessedAt = lastAccessedAt;
        this.writtenAccess = lastAccessedAt;
        this.maxInactiveInterval = maxInactiveInterval;
        this.isNew = isNew;
        this.stored = !isNew;
        this.attributes = attributes;
    }

    static SyncSession create(RequestSessions owner, String id, Instant now, Duration maxInactiveInterval) {
        return new SyncSession(owner, id, now, now, maxInactiveInterval, true, new HashMap<>());
    }

    static SyncSession of(RequestSessions owner, StoredSession session) {
        Map<String, Attribute> attributes = new HashMap<>();
        session.attributes().forEach((name, json) -> attributes.put(name, Attribute.loaded(json)));
        return new SyncSession(owner, session.id(), session.createdAt(), session.lastAccessedAt(),
                session.maxInactiveInterval(), false, attributes);
    }

    @Override
    public long getCreationTime() {
        synchronized (owner) {
            checkValid("getCreationTime");
            return createdAt.toEpochMilli();
        }
    }

    @Override
    public String getId() {
        synchronized (owner) {
            return id;
        }
    }

    @Override
    public long getLastAccessedTime() {
        synchronized (owner) {
            checkValid("getLastAccessedTime");
            return lastAccessedAt.toEpochMilli();
        }
    }

    @Override
    public ServletContext getServletContext() {
        return owner.servletContext();
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        synchronized (owner) {
            Duration newInterval = Duration.ofSeconds(interval);
            if (!newInterval.equals(maxInactiveInterval)) {
                maxInactiveInterval = newInterval;
                maxInactiveIntervalChanged = true;
                owner.changed();
            }
        }
    }

    @Override
    public int getMaxInactiveInterval() {
        synchronized (owner) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, maxInactiveInterval.toSeconds()));
        }
    }

    @Override
    public Object getAttribute(String name) {
        requireNonNull(name, "name");
        synchronized (owner) {
            checkValid("getAttribute");
            Attribute attribute = attributes.get(name);
            if (attribute == null || attribute.json() == null) {
                return null;
            }
            if (!attribute.isDecoded()) {
                attribute.decoded(owner.decode(name, attribute.json()));
            }
            attribute.handedOut(owner.tracksMutations());
            if (attribute.isHandedOut()) {
                owner.changed();
            }
            return attribute.value();
        }
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        synchronized (owner) {
            checkValid("getAttributeNames");
            // names only: decoding every value here would also make each one a candidate for re-encoding
            List<String> names = new ArrayList<>();
            attributes.forEach((name, attribute) -> {
                if (attribute.isPresent()) {
                    names.add(name);
                }
            });
            return Collections.enumeration(names);
        }
    }

    @Override
    public void setAttribute(String name, Object value) {
        requireNonNull(name, "name");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        synchronized (owner) {
            checkValid("setAttribute");
            // encoded now, so a value the store cannot keep fails here, in the application's code
            String json = owner.encode(name, value);
            attributes.computeIfAbsent(name, n -> Attribute.absent()).set(json, value, owner.tracksMutations());
            owner.changed();
        }
    }

    @Override
    public void removeAttribute(String name) {
        requireNonNull(name, "name");
        synchronized (owner) {
            checkValid("removeAttribute");
            Attribute attribute = attributes.get(name);
            if (attribute != null && attribute.json() != null) {
                attribute.remove();
                owner.changed();
            }
        }
    }

    @Override
    public void invalidate() {
        synchronized (owner) {
            checkValid("invalidate");
            owner.invalidate(this);
        }
    }

    @Override
    public boolean isNew() {
        synchronized (owner) {
            checkValid("isNew");
            return isNew;
        }
    }

    // --- for RequestSessions, which holds the lock when it calls these

    boolean isValid() {
        return valid;
    }

    void invalidated() {
        valid = false;
    }

    boolean isStored() {
        return stored;
    }

    Duration maxInactiveInterval() {
        return maxInactiveInterval;
    }

    Instant writtenAccess() {
        return writtenAccess;
    }

    void rename(String newId) {
        id = newId;
    }

    /** The store lost this session (or never had it): the next save writes it in full, as a new one. */
    void unsaved() {
        stored = false;
        attributes.values().forEach(Attribute::unsaved);
    }

    /**
     * The changes to write at {@code now}, or null when there are none and no touch is due. Values handed out
     * for in-place changes are encoded again here; one that cannot be any more is left as it was.
     */
    SessionChanges changes(Instant now, boolean touchDue) {
        Map<String, String> set = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        attributes.forEach((name, attribute) -> {
            if (attribute.isHandedOut() && attribute.value() != null) {
                String json = owner.reencode(name, attribute.value());
                if (json != null && !JsonTexts.same(json, attribute.json())) {
                    attribute.reencoded(json);
                }
            }
            if (attribute.isRemoval()) {
                removed.add(name);
            } else if (attribute.isChanged()) {
                set.put(name, attribute.json());
            }
        });
        if (stored && set.isEmpty() && removed.isEmpty() && !maxInactiveIntervalChanged && !touchDue) {
            return null;
        }
        return new SessionChanges(id, !stored, createdAt, now, maxInactiveInterval, set, Set.copyOf(removed));
    }

    void saved(SessionChanges changes) {
        stored = true;
        writtenAccess = changes.lastAccessedAt();
        maxInactiveIntervalChanged = false;
        attributes.values().forEach(Attribute::saved);
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": the session has been invalidated");
        }
    }
}
