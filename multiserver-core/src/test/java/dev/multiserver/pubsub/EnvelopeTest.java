package dev.multiserver.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.pubsub.Envelope.Scope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void textEnvelopeSurvivesTheWire() {
        Envelope sent = Envelope.text("node-a", 17, Scope.ROOM, "lobby", "héllo ✓");
        Envelope back = Envelope.fromBytes(sent.toBytes());
        assertThat(back).isEqualTo(sent);
        assertThat(back.text()).isEqualTo("héllo ✓");
        assertThat(back.binary()).isFalse();
        assertThat(back.sequence()).isEqualTo(17);
    }

    @Test
    void binaryAndPresenceEnvelopesSurviveTheWire() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Envelope binary = Envelope.binary("n", Long.MAX_VALUE, Scope.CONNECTION, "conn-1", bytes);
        assertThat(Envelope.fromBytes(binary.toBytes())).isEqualTo(binary);
        Envelope presence = Envelope.text("n", 0, Scope.PRESENCE, "", "{\"lobby\":3}");
        assertThat(Envelope.fromBytes(presence.toBytes())).isEqualTo(presence);
    }

    @Test
    void foreignTruncatedOrPaddedBytesAreRefusedWithTheReason() {
        byte[] wire = Envelope.text("node-a", 1, Scope.ROOM, "lobby", "hello").toBytes();
        assertThatThrownBy(() -> Envelope.fromBytes("hello".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiserver envelope");
        assertThatThrownBy(() -> Envelope.fromBytes(Arrays.copyOf(wire, wire.length - 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("envelope");
        assertThatThrownBy(() -> Envelope.fromBytes(Arrays.copyOf(wire, 9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> Envelope.fromBytes(Arrays.copyOf(wire, wire.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("announced");
        byte[] future = wire.clone();
        future[2] = 9;
        assertThatThrownBy(() -> Envelope.fromBytes(future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        byte[] badScope = wire.clone();
        badScope[3] = 7;
        assertThatThrownBy(() -> Envelope.fromBytes(badScope))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
        assertThatThrownBy(() -> Envelope.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    }

    @Test
    void invalidFieldsAreRefused() {
        assertThatThrownBy(() -> Envelope.text("", 1, Scope.ROOM, "lobby", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> Envelope.text("n", 1, Scope.ROOM, "", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> Envelope.binary("n", 1, Scope.ROOM, "r", new byte[EventChannel.MAX_PAYLOAD_BYTES]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload");
    }
}
