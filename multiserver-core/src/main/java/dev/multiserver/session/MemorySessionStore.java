package dev.multiserver.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions in this JVM's memory, for one instance or for workers that run in one process. Entries expire after
 * their maximum inactive interval, and the least recently used go first when {@code maximumSessions} is reached.
 *
 * <pre>{@code
 * SessionStore store = MemorySessionStore.create();            // up to 1,000,000 sessions
 * SessionStore small = MemorySessionStore.create(10_000);
 * }</pre>
 */
public final class MemorySessionStore implements SessionStore {

    static final String URI = "memory:";
    private static final long DEFAULT_MAXIMUM_SESSIONS = 1_000_000;

    private final ConcurrentMap<String, StoredSession> sessions;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemorySessionStore(long maximumSessions, Clock clock) {
        this.clock = clock;
        Cache<String, StoredSession> cache = Caffeine.newBuilder()
                .maximumSize(maximumSessions)
                .expireAfter(new UntilExpiry(clock))
                .build();
        this.sessions = cache.asMap();
    }

    /** A store of up to 1,000,000 sessions. */
    public static MemorySessionStore create() {
        return new MemorySessionStore(DEFAULT_MAXIMUM_SESSIONS, Clock.systemUTC());
    }

    /** A store of up to {@code maximumSessions} sessions. */
    public static MemorySessionStore create(long maximumSessions) {
        if (maximumSessions <= 0) {
            throw new IllegalArgumentException("maximumSessions: " + maximumSessions + " (expected: > 0)");
        }
        return new MemorySessionStore(maximumSessions, Clock.systemUTC());
    }

    @Override
    public Optional<StoredSession> load(String id) {
        checkOpen();
        StoredSession session = sessions.get(id);
        if (session == null || session.isExpiredAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    @Override
    public boolean save(SessionChanges changes) {
        checkOpen();
        Instant now = clock.instant();
        StoredSession saved = sessions.compute(changes.id(), (id, before) -> {
            boolean exists = before != null && !before.isExpiredAt(now);
            if (!changes.isNew() && !exists) {
                return null;
            }
            return changes.applyTo(Optional.ofNullable(before));
        });
        return saved != null;
    }

    @Override
    public void delete(String id) {
        checkOpen();
        sessions.remove(id);
    }

    @Override
    public boolean changeId(String oldId, String newId) {
        checkOpen();
        StoredSession session = sessions.remove(oldId);
        if (session == null || session.isExpiredAt(clock.instant())) {
            return false;
        }
        sessions.put(newId, new StoredSession(newId, session.createdAt(), session.lastAccessedAt(),
                session.maxInactiveInterval(), session.attributes()));
        return true;
    }

    @Override
    public String uri() {
        return URI;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sessions.clear();
        }
    }

    @Override
    public String toString() {
        return "MemorySessionStore(" + sessions.size() + " sessions)";
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new SessionStoreException(URI, "the store is closed");
        }
    }

    /** Keeps each session until its own expiry, read from the session itself. */
    private static final class UntilExpiry implements Expiry<String, StoredSession> {

        private final Clock clock;

        UntilExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(String id, StoredSession session, long currentTime) {
            return session.expiresAt()
                    .map(expiry -> Math.max(0, Duration.between(clock.instant(), expiry).toNanos()))
                    .orElse(Long.MAX_VALUE);
        }

        @Override
        public long expireAfterUpdate(String id, StoredSession session, long currentTime, long currentDuration) {
            return expireAfterCreate(id, session, currentTime);
        }

        @Override
        public long expireAfterRead(String id, StoredSession session, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
