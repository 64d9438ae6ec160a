package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresenceTest {

    private static final long FRESH = 300;

    @Test
    void countsTravelAsBytesAndBack() {
        Map<String, Integer> counts = Map.of("lobby", 3, "ünïcödé room", 1, "r".repeat(200), 7);

        Presence.Encoded encoded = Presence.encode(counts, 100_000);

        assertThat(encoded.omitted()).isZero();
        assertThat(Presence.decode(encoded.bytes())).isEqualTo(counts);
        assertThat(Presence.decode(Presence.encode(Map.of(), 100).bytes())).isEmpty();
    }

    @Test
    void addsTheFreshCountsOfEveryOtherNode() {
        Presence presence = new Presence(FRESH);
        presence.update("node-b", Map.of("lobby", 2), 1000);
        presence.update("node-c", Map.of("lobby", 5, "other", 1), 1100);

        assertThat(presence.others("lobby", 1200)).isEqualTo(7);
        assertThat(presence.others("nowhere", 1200)).isZero();
        // node-b announced at 1000: by 1301 it is more than three intervals old
        assertThat(presence.others("lobby", 1301)).isEqualTo(5);
        presence.update("node-c", Map.of(), 1350);    // a goodbye
        assertThat(presence.others("lobby", 1351)).isZero();
    }

    @Test
    void leavesOutRoomsBeyondTheSizeLimitAndSaysHowMany() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            counts.put("room-" + i, i + 1);
        }

        Presence.Encoded encoded = Presence.encode(counts, 1000);

        assertThat(encoded.bytes().length).isLessThanOrEqualTo(1000);
        assertThat(encoded.omitted()).isPositive();
        Map<String, Integer> decoded = Presence.decode(encoded.bytes());
        assertThat(decoded).isNotEmpty().hasSize(100 - encoded.omitted());
        assertThat(counts).containsAllEntriesOf(decoded);
    }

    @Test
    void refusesBytesThatAreNotCounts() {
        assertThatThrownBy(() -> Presence.decode(new byte[] {1})).hasMessage("presence: cut short (1 bytes)");
        assertThatThrownBy(() -> Presence.decode(new byte[] {0x7f, 0, 0, 0}))
                .hasMessage("presence: 2130706432 rooms announced in 4 bytes");
        assertThatThrownBy(() -> Presence.decode(new byte[] {0, 0, 0, 0, 9}))
                .hasMessage("presence: 1 bytes left over");
    }
}
