package dev.multiserver.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A session as a store holds it: its metadata and one JSON text per attribute, as written by
 * {@link SessionValueCodec}.
 *
 * @param id                  the session id
 * @param createdAt           when the session was made
 * @param lastAccessedAt      the last access that was written (writes of the access time may be throttled)
 * @param maxInactiveInterval how long the session lives without access; zero or negative for ever
 * @param attributes          attribute name to the JSON text of its value
 */
public record StoredSession(String id, Instant createdAt, Instant lastAccessedAt, Duration maxInactiveInterval,
        Map<String, String> attributes) {

    public StoredSession {
        requireNonNull(id, "id");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(lastAccessedAt, "lastAccessedAt");
        requireNonNull(maxInactiveInterval, "maxInactiveInterval");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes"));
    }

    /** When the session expires unless accessed again; empty when it never does. */
    public Optional<Instant> expiresAt() {
        return SessionExpiry.expiresAt(lastAccessedAt, maxInactiveInterval);
    }

    /** Whether the session has expired at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return expiresAt().map(expiry -> !now.isBefore(expiry)).orElse(false);
    }
}
