package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.EventChannels;
import org.junit.jupiter.api.Test;

/** URIs, modes and settings; no server is needed, as a channel connects on first use. */
class RedisEventChannelBuilderTest {

    @Test
    void modeComesFromTheUriOrTheBuilderAndDefaultsToPubSub() {
        try (RedisEventChannel pubsub = RedisEventChannel.of("redis://h:1");
                RedisEventChannel streams = RedisEventChannel.of("redis://h:1/2?mode=streams");
                RedisEventChannel built = RedisEventChannel.builder("redis://h:1")
                        .mode(RedisEventChannel.Mode.STREAMS).build()) {
            assertThat(pubsub.delivery()).isEqualTo(Delivery.AT_MOST_ONCE);
            assertThat(pubsub.uri()).isEqualTo("redis://h:1");
            assertThat(streams.delivery()).isEqualTo(Delivery.REPLAY_AFTER_RECONNECT);
            assertThat(streams.uri()).isEqualTo("redis://h:1/2?mode=streams");
            assertThat(built.delivery()).isEqualTo(Delivery.REPLAY_AFTER_RECONNECT);
        }
    }

    @Test
    void eventChannelsOpensRedisUrisThroughTheProvider() {
        try (EventChannel channel = EventChannels.open("redis://:secret@h:1?mode=streams",
                EventChannelOptions.defaults().withNamespace("shop"));
                EventChannel cluster = EventChannels.open("redis-cluster://a:1,b:2")) {
            assertThat(channel).isInstanceOf(RedisEventChannel.class);
            assertThat(channel.delivery()).isEqualTo(Delivery.REPLAY_AFTER_RECONNECT);
            assertThat(channel.uri()).isEqualTo("redis://h:1?mode=streams").doesNotContain("secret");
            assertThat(cluster.uri()).isEqualTo("redis-cluster://a:1,b:2");
        }
    }

    @Test
    void unknownModesAndQueryParametersAreRefusedByName() {
        assertThatThrownBy(() -> RedisEventChannel.of("redis://:secret@h:1?mode=kafka"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown mode 'kafka' (expected: pubsub or streams)")
                .hasMessageStartingWith("event channel 'redis://***@h:1?mode=kafka'")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisEventChannel.of("redis://h:1?mode=pubsub&timeout=5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown query parameter 'timeout' (expected: mode)");
        assertThatThrownBy(() -> RedisEventChannel.of("redis://h:1?mode=pubsub&mode=streams"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode given twice");
        assertThatThrownBy(() -> EventChannels.open("redis://h:99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event channel 'redis://h:99999': port '99999' of host 'h' (expected: 1 to 65535)");
    }

    @Test
    void streamsAreRefusedOnACluster() {
        assertThatThrownBy(() -> RedisEventChannel.of("redis-cluster://a:1,b:2?mode=streams"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mode: streams for redis-cluster://a:1,b:2 (expected: pubsub on a cluster");
    }

    @Test
    void eachSettingIsSetOnce() {
        RedisEventChannelBuilder fromUri = RedisEventChannel.builder("redis://h:1?mode=pubsub");
        assertThatThrownBy(() -> fromUri.mode(RedisEventChannel.Mode.STREAMS))
                .isInstanceOf(IllegalStateException.class).hasMessage("mode: already set to pubsub by the URI");
        RedisEventChannelBuilder builder = RedisEventChannel.builder("redis://h:1")
                .options(EventChannelOptions.defaults());
        assertThatThrownBy(() -> builder.options(EventChannelOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("options: already set");
        assertThatThrownBy(() -> builder.trustedCertificates(java.nio.file.Path.of("ca.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(expected: a rediss:// URI)");
    }
}
