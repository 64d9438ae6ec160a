package dev.multiserver.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The one rule for when a session expires, shared by {@link StoredSession} and {@link SessionChanges}. */
final class SessionExpiry {

    private SessionExpiry() {
    }

    static Optional<Instant> expiresAt(Instant lastAccessedAt, Duration maxInactiveInterval) {
        if (maxInactiveInterval.isZero() || maxInactiveInterval.isNegative()) {
            return Optional.empty();
        }
        return Optional.of(lastAccessedAt.plus(maxInactiveInterval));
    }
}
