package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one request changed in a session, for {@link SessionStore#save}: the attributes it set (as JSON texts from
 * {@link SessionValueCodec}) and removed, its access time and maximum inactive interval.
 *
 * <pre>{@code
 * store.save(SessionChanges.update(session, Instant.now())
 *         .set("cart", codec.encode("cart", cart))
 *         .remove("coupon"));
 * }</pre>
 *
 * @param id                  the session id
 * @param isNew               whether the session is being created (and replaces anything stored under its id)
 * @param createdAt           when the session was made
 * @param lastAccessedAt      the access time to store
 * @param maxInactiveInterval the maximum inactive interval to store; zero or negative for ever
 * @param set                 attributes to write: name to JSON text
 * @param removed             attributes to delete; never also in {@code set}
 */
public record SessionChanges(String id, boolean isNew, Instant createdAt, Instant lastAccessedAt,
        Duration maxInactiveInterval, Map<String, String> set, Set<String> removed) {

    public SessionChanges {
        requireNonNull(id, "id");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(lastAccessedAt, "lastAccessedAt");
        requireNonNull(maxInactiveInterval, "maxInactiveInterval");
        set = Map.copyOf(requireNonNull(set, "set"));
        removed = Set.copyOf(requireNonNull(removed, "removed"));
        for (String name : removed) {
            if (set.containsKey(name)) {
                throw new IllegalArgumentException("attribute '" + name + "' is both set and removed");
            }
        }
    }

    /** A new session with no attributes yet. */
    public static SessionChanges create(String id, Instant now, Duration maxInactiveInterval) {
        return new SessionChanges(id, true, now, now, maxInactiveInterval, Map.of(), Set.of());
    }

    /** Changes to an existing session that keep its maximum inactive interval and record an access at {@code now}. */
    public static SessionChanges update(StoredSession session, Instant now) {
        return new SessionChanges(session.id(), false, session.createdAt(), now, session.maxInactiveInterval(),
                Map.of(), Set.of());
    }

    /** These changes with one more attribute written; a removal of the same name is cancelled. */
    public SessionChanges set(String name, String json) {
        requireNonNull(name, "name");
        requireNonNull(json, "json");
        Map<String, String> newSet = new LinkedHashMap<>(set);
        newSet.put(name, json);
        Set<String> newRemoved = new HashSet<>(removed);
        newRemoved.remove(name);
        return new SessionChanges(id, isNew, createdAt, lastAccessedAt, maxInactiveInterval, newSet, newRemoved);
    }

    /** These changes with one more attribute deleted; a write of the same name is cancelled. */
    public SessionChanges remove(String name) {
        requireNonNull(name, "name");
        Map<String, String> newSet = new LinkedHashMap<>(set);
        newSet.remove(name);
        Set<String> newRemoved = new HashSet<>(removed);
        newRemoved.add(name);
        return new SessionChanges(id, isNew, createdAt, lastAccessedAt, maxInactiveInterval, newSet, newRemoved);
    }

    /** These changes with another maximum inactive interval; {@code this} when it is the same. */
    public SessionChanges withMaxInactiveInterval(Duration interval) {
        requireNonNull(interval, "interval");
        if (interval.equals(maxInactiveInterval)) {
            return this;
        }
        return new SessionChanges(id, isNew, createdAt, lastAccessedAt, interval, set, removed);
    }

    /** When the session expires after these changes; empty when it never does. */
    public Optional<Instant> expiresAt() {
        return SessionExpiry.expiresAt(lastAccessedAt, maxInactiveInterval);
    }

    /** The session as it is after these changes are applied to {@code before} (or to nothing, for a new one). */
    public StoredSession applyTo(Optional<StoredSession> before) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!isNew) {
            before.ifPresent(session -> attributes.putAll(session.attributes()));
        }
        attributes.keySet().removeAll(removed);
        attributes.putAll(set);
        return new StoredSession(id, createdAt, lastAccessedAt, maxInactiveInterval, attributes);
    }
}
