package dev.multiserver.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    @Test
    void idsAre192RandomBitsInUrlSafeBase64WithoutPadding() {
        SessionIds ids = new SessionIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+");
            assertThat(SessionIds.isWellFormed(id)).isTrue();
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void onlyUrlSafeTextsOfAPlausibleLengthAreTakenForIds() {
        assertThat(SessionIds.isWellFormed(null)).isFalse();
        assertThat(SessionIds.isWellFormed("")).isFalse();
        assertThat(SessionIds.isWellFormed("short")).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(21))).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(22))).as("a 128-bit id").isTrue();
        assertThat(SessionIds.isWellFormed("A".repeat(129))).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(31) + "=")).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(31) + "/")).isFalse();
        assertThat(SessionIds.isWellFormed("A".repeat(31) + "\n")).isFalse();
    }
}
