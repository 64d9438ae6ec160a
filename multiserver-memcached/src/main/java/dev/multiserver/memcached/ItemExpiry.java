package dev.multiserver.memcached;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The memcached expiration of a session's item, from the session's own expiry.
 *
 * <p>Memcached counts in whole seconds, so the item lives until the second after the session expires; loads check
 * the expiry in the document as well. The time to live is passed to folsom as seconds from now: folsom itself
 * sends what is longer than memcached's 30-day limit for relative times as an absolute unix time.
 */
final class ItemExpiry {

    /** The time to live that tells memcached the item never expires. */
    static final int NEVER = 0;

    private ItemExpiry() {
    }

    /**
     * The item's time to live in seconds at {@code now}: {@link #NEVER} for a session that never expires, else at
     * least 1; empty when the session has already expired and must not be stored at all.
     */
    static Optional<Integer> timeToLive(Optional<Instant> expiresAt, Instant now) {
        if (expiresAt.isEmpty()) {
            return Optional.of(NEVER);
        }
        Duration left = Duration.between(now, expiresAt.get());
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        long seconds = left.toSeconds() + (left.toNanosPart() == 0 ? 0 : 1);
        return Optional.of((int) Math.min(seconds, Integer.MAX_VALUE));
    }
}
