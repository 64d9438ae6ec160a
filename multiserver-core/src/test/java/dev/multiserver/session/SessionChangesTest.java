package dev.multiserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionChangesTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void setAfterRemoveOfTheSameNameCancelsTheRemoval() {
        SessionChanges changes = SessionChanges.create("id", T0, Duration.ofMinutes(30)).remove("a").set("a", "1");
        assertThat(changes.set()).containsExactlyEntriesOf(Map.of("a", "1"));
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.set("b", "2").remove("b").removed()).containsExactly("b");
    }

    @Test
    void attributeBothSetAndRemovedIsRefused() {
        assertThatThrownBy(() -> new SessionChanges("id", false, T0, T0, Duration.ZERO, Map.of("a", "1"), Set.of("a")))
                .hasMessageContaining("attribute 'a' is both set and removed");
    }

    @Test
    void appliedToASessionKeepsUnchangedAttributes() {
        StoredSession before = new StoredSession("id", T0, T0, Duration.ofMinutes(30), Map.of("a", "1", "b", "2"));
        StoredSession after = SessionChanges.update(before, T0.plusSeconds(5)).set("b", "3").remove("a")
                .applyTo(Optional.of(before));
        assertThat(after.attributes()).containsExactlyEntriesOf(Map.of("b", "3"));
        assertThat(after.lastAccessedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(after.expiresAt()).contains(T0.plusSeconds(5).plus(Duration.ofMinutes(30)));
    }

    @Test
    void newSessionIgnoresWhatWasThere() {
        StoredSession before = new StoredSession("id", T0, T0, Duration.ofMinutes(30), Map.of("a", "1"));
        assertThat(SessionChanges.create("id", T0, Duration.ofMinutes(30)).applyTo(Optional.of(before)).attributes())
                .isEmpty();
    }

    @Test
    void zeroOrNegativeIntervalNeverExpires() {
        StoredSession forever = new StoredSession("id", T0, T0, Duration.ofSeconds(-1), Map.of());
        assertThat(forever.expiresAt()).isEmpty();
        assertThat(forever.isExpiredAt(T0.plus(Duration.ofDays(10_000)))).isFalse();
        StoredSession brief = new StoredSession("id", T0, T0, Duration.ofSeconds(1), Map.of());
        assertThat(brief.isExpiredAt(T0.plusSeconds(1))).isTrue();
        assertThat(brief.isExpiredAt(T0.plusMillis(999))).isFalse();
    }
}
