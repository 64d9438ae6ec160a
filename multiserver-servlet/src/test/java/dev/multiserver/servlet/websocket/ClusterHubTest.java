package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.MemoryEventChannel;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a hub refuses and how it answers without any WebSocket session (those are in the integration tests). */
class ClusterHubTest {

    private final MemoryEventChannel channel = MemoryEventChannel.create();
    private final ClusterHub hub = ClusterHub.builder(channel).nodeId("node-a").build();

    @AfterEach
    void close() {
        hub.close();
        channel.close();
    }

    @Test
    void refusesMalformedRoomNames() {
        assertThatThrownBy(() -> hub.broadcast("", "text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("room: 0 characters (expected: 1 to 200)");
        assertThatThrownBy(() -> hub.broadcast("r".repeat(201), "text"))
                .hasMessage("room: 201 characters (expected: 1 to 200)");
        assertThatThrownBy(() -> hub.localMembers("lob\tby")).hasMessage("room 'lob?by': control character at index 3");
        assertThatThrownBy(() -> hub.clusterMembers(null)).isInstanceOf(NullPointerException.class).hasMessage("room");
        assertThat(hub.localMembers("r".repeat(200))).isZero();
    }

    @Test
    void refusesMessagesLargerThanTheChannelCarries() {
        String tooLong = "x".repeat(EventChannel.MAX_PAYLOAD_BYTES);

        assertThatThrownBy(() -> hub.broadcast("lobby", tooLong))
                .hasMessage("message: 1048576 bytes (expected: at most 1047552)");
        assertThatThrownBy(() -> hub.send("node-b/1", ByteBuffer.allocate(EventChannel.MAX_PAYLOAD_BYTES)))
                .hasMessage("message: 1048576 bytes (expected: at most 1047552)");
    }

    @Test
    void refusesConnectionIdsItNeverGaveOut() {
        assertThatThrownBy(() -> hub.send("no-slash", "text"))
                .hasMessage("connectionId: 'no-slash' (expected: an id from ClusterHub.connectionId(session))");
        assertThatThrownBy(() -> hub.send("/1", "text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.send("node-b/", "text")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sendToAConnectionOfThisNodeThatIsGoneIsDroppedNotAnError() {
        assertThat(hub.send("node-a/42", "text")).isCompleted();

        assertThat(hub.metrics().dropped()).isEqualTo(1);
    }

    @Test
    void broadcastToAnEmptyRoomStillGoesToTheOtherNodes() {
        hub.broadcast("lobby", "anyone?").join();

        assertThat(hub.metrics().published()).isGreaterThanOrEqualTo(1);
        assertThat(hub.metrics().delivered()).isZero();
    }

    @Test
    void refusesWorkOnceClosed() {
        hub.close();

        assertThatThrownBy(() -> hub.broadcast("lobby", "late")).isInstanceOf(IllegalStateException.class)
                .hasMessage("ClusterHub node-a is closed");
        hub.close();    // again: nothing happens
    }
}
