package dev.multiserver.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventChannelsTest {

    @Test
    void memoryUriOpensANewMemoryChannel() {
        try (EventChannel first = EventChannels.open("memory:"); EventChannel second = EventChannels.open("memory:")) {
            assertThat(first).isInstanceOf(MemoryEventChannel.class).isNotSameAs(second);
            assertThat(first.uri()).isEqualTo("memory:");
            assertThat(first.delivery()).isEqualTo(Delivery.AT_MOST_ONCE);
        }
    }

    @Test
    void schemeWithoutItsModuleNamesTheModuleToAdd() {
        assertThatThrownBy(() -> EventChannels.open("redis://user:secret@localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiserver-redis")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> EventChannels.open("mongodb://localhost/db"))
                .hasMessageContaining("multiserver-mongo");
        assertThatThrownBy(() -> EventChannels.open("kafka://localhost"))
                .hasMessageContaining("no channel for scheme 'kafka'");
    }

    @Test
    void uriWithoutSchemeListsTheAcceptedForms() {
        assertThatThrownBy(() -> EventChannels.open("localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: memory:, redis://host:port");
    }

    @Test
    void optionsRefuseNonsenseNamingTheField() {
        EventChannelOptions defaults = EventChannelOptions.defaults();
        assertThat(defaults.withTimeout(defaults.timeout())).isSameAs(defaults);
        assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> defaults.withNamespace("a b")).hasMessageContaining("namespace");
        assertThatThrownBy(() -> defaults.withRetention(0, Duration.ofMinutes(1)))
                .hasMessageContaining("retainedEvents");
        assertThatThrownBy(() -> defaults.withPollInterval(Duration.ofMillis(-1))).hasMessageContaining("pollInterval");
    }
}
