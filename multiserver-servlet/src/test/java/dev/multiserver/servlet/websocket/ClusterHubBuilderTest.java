package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.pubsub.EventChannelException;
import dev.multiserver.pubsub.MemoryEventChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterHubBuilderTest {

    private final MemoryEventChannel channel = MemoryEventChannel.create();

    @AfterEach
    void closeChannel() {
        channel.close();
    }

    @Test
    void refusesValuesOutOfRangeNamingTheSetting() {
        ClusterHubBuilder builder = ClusterHub.builder(channel);

        assertThatThrownBy(() -> builder.maxQueuedMessages(0))
                .hasMessage("maxQueuedMessages: 0 (expected: 1 to 1000000)");
        assertThatThrownBy(() -> builder.overflowCloseCode(1000))
                .hasMessage("overflowCloseCode: 1000 (expected: 1013 or 1008)");
        assertThatThrownBy(() -> builder.presenceInterval(Duration.ZERO))
                .hasMessage("presenceInterval: PT0S (expected: PT0.01S to PT1H)");
        assertThatThrownBy(() -> builder.nodeId("")).hasMessage("nodeId: 0 characters (expected: 1 to 100)");
        assertThatThrownBy(() -> builder.nodeId("a/b")).hasMessage("nodeId 'a/b': contains '/'");
        assertThatThrownBy(() -> builder.nodeId("a\nb")).hasMessage("nodeId 'a?b': control character at index 1");
        assertThatThrownBy(() -> builder.topic("")).hasMessage("topic: 0 characters (expected: 1 to 200)");
        assertThatThrownBy(() -> ClusterHub.builder(null)).hasMessage("channel");
    }

    @Test
    void refusesASettingMadeTwice() {
        ClusterHubBuilder builder = ClusterHub.builder(channel).maxQueuedMessages(10);

        assertThatThrownBy(() -> builder.maxQueuedMessages(20)).isInstanceOf(IllegalStateException.class)
                .hasMessage("maxQueuedMessages was already set to 10");
    }

    @Test
    void buildsAgainWithANewDefaultNodeIdEachTime() {
        ClusterHubBuilder builder = ClusterHub.builder(channel).overflowCloseCode(1008);

        try (ClusterHub first = builder.build(); ClusterHub second = builder.build()) {
            assertThat(first.nodeId()).matches("[A-Za-z0-9.-]+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
            assertThat(second.nodeId()).isNotEqualTo(first.nodeId());
        }
    }

    @Test
    void buildFailsWithTheChannelsErrorWhenItCannotSubscribe() {
        channel.close();

        assertThatThrownBy(() -> ClusterHub.builder(channel).build()).isInstanceOf(EventChannelException.class)
                .hasMessageStartingWith("memory:");
    }
}
