package dev.multiserver.session;

import java.util.Optional;

/**
 * Where the sessions of every instance of an application live: memory, Redis, Memcached or MongoDB.
 *
 * <pre>{@code
 * try (SessionStore store = SessionStores.open("redis://127.0.0.1:6379")) {
 *     store.save(SessionChanges.create("3q2-...", Instant.now(), Duration.ofMinutes(30))
 *             .set("user", "\"ada\""));
 *     Optional<StoredSession> session = store.load("3q2-...");
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe. Every call is bounded by the store's timeout; a store that cannot answer in
 * time, or at all, throws a {@link SessionStoreException} naming its {@link #uri()}. Writes are atomic per session:
 * a failed {@link #save} leaves the session as it was, never half written.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Returns the session with this id, or empty when there is none, it has expired, or what is stored under its
     * key is not a session this library wrote (that is logged once, naming the store and key).
     */
    Optional<StoredSession> load(String id);

    /**
     * Applies the changes of one request to a session: attributes set are written, attributes removed are
     * deleted, the others are left alone, and the expiry moves to the new last access plus the maximum inactive
     * interval.
     *
     * <p>{@linkplain SessionChanges#isNew() A new session} replaces whatever is stored under its id. Changes to an
     * existing session are dropped when it no longer exists (invalidated or expired meanwhile), so a late request
     * never brings back half of a deleted session.
     *
     * @return {@code false} when the changes were dropped because the session no longer exists
     */
    boolean save(SessionChanges changes);

    /** Deletes the session; deleting one that does not exist does nothing. */
    void delete(String id);

    /**
     * Moves the session to a new id, as a defence against session fixation; afterwards the old id loads nothing.
     *
     * @return {@code false} when there is no session with the old id
     */
    boolean changeId(String oldId, String newId);

    /** The store's address without credentials, as named in its error messages: {@code redis://10.0.0.5:6379}. */
    String uri();

    /** Closes the store's connections; calls after this throw {@link SessionStoreException}. */
    @Override
    void close();
}
