package dev.multiserver.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItemExpiryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void sessionThatNeverExpiresMakesAnItemThatNeverExpires() {
        assertThat(ItemExpiry.timeToLive(Optional.empty(), NOW)).contains(0);
    }

    @Test
    void itemLivesWholeSecondsUntilAtLeastTheSessionsExpiry() {
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.plusSeconds(1800)), NOW)).contains(1800);
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.plusMillis(1800_001)), NOW)).contains(1801);
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.plusNanos(1)), NOW)).contains(1);
    }

    @Test
    void timesBeyondThirtyDaysStayRelativeForFolsomToMakeAbsolute() {
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.plus(Duration.ofDays(60))), NOW))
                .contains((int) Duration.ofDays(60).toSeconds());
    }

    @Test
    void timesBeyondWhatAnIntHoldsAreCapped() {
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.plus(Duration.ofDays(365L * 200))), NOW))
                .contains(Integer.MAX_VALUE);
    }

    @Test
    void sessionAlreadyExpiredMakesNoItem() {
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW), NOW)).isEmpty();
        assertThat(ItemExpiry.timeToLive(Optional.of(NOW.minusSeconds(1)), NOW)).isEmpty();
    }
}
