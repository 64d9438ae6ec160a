package dev.multiserver.servlet;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionValueCodec;
import java.time.Duration;

/** A filter's configuration, fixed once built. */
record SessionSettings(SessionStore store, boolean ownsStore, SessionValueCodec codec, String cookieName,
        Duration maxInactiveInterval, Duration touchInterval, MutationSaving mutationSaving,
        StoreFailureMode onStoreFailure) {

    /** How long after the last written access a session is touched again. */
    Duration touchIntervalFor(Duration sessionMaxInactiveInterval) {
        if (sessionMaxInactiveInterval.isZero() || sessionMaxInactiveInterval.isNegative()) {
            return touchInterval;
        }
        Duration half = sessionMaxInactiveInterval.dividedBy(2);
        return half.compareTo(touchInterval) < 0 ? half : touchInterval;
    }
}
