package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.pubsub.Delivery;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.pubsub.EventChannels;
import org.junit.jupiter.api.Test;

class MongoEventChannelBuilderTest {

    /** Nothing listens there: building must not need the server. */
    private static final String NOWHERE = "mongodb://127.0.0.1:1/shop";

    @Test
    void unknownModeIsRefusedNamingItAndTheChannel() {
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://app:s3cret@db:27017/shop?mode=streams"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event channel 'mongodb://***@db:27017/shop?mode=streams': mode 'streams' is not known "
                        + "(expected: auto, changestreams or polling)");
    }

    @Test
    void modeGivenTwiceIsRefused() {
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://db:27017/shop?mode=polling&mode=auto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the option mode is given twice");
    }

    @Test
    void modesAreReadWithoutRegardToCaseAndTakenOutOfWhatTheDriverSees() {
        assertThat(ChannelUri.parse("mongodb://db:27017/shop?MODE=Polling&appName=chat").mode())
                .isEqualTo(ChannelMode.POLLING);
        ChannelUri parsed = ChannelUri.parse("mongodb://db:27017/shop?appName=chat&mode=changestreams");
        assertThat(parsed.mode()).isEqualTo(ChannelMode.CHANGE_STREAMS);
        assertThat(parsed.mongo().connectionString().getApplicationName()).isEqualTo("chat");
        assertThat(ChannelUri.parse("mongodb://db:27017/shop").mode()).isEqualTo(ChannelMode.AUTO);
        assertThat(ChannelUri.parse("mongodb://db:27017?mode=auto").mongo().database())
                .isEqualTo(MongoUri.DEFAULT_DATABASE);
    }

    @Test
    void malformedUrisAreRefusedAsAChannelWithoutThePassword() {
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://app:s3cret@:27017/shop?mode=polling"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event channel 'mongodb://***@:27017/shop?mode=polling': a host name is empty")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://db:27017/shop.events"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the collection is NAMESPACE.events");
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://db:27017/shop?w=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w=0 is not supported");
        assertThatThrownBy(() -> MongoEventChannel.of("mongodb://db:notaport/shop?appName=chat&mode=polling"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event channel 'mongodb://db:notaport/shop?appName=chat&mode=polling': ");
        assertThatThrownBy(() -> MongoEventChannel.of("redis://db:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event channel 'redis://db:6379': the scheme is not mongodb");
    }

    @Test
    void optionsMayBeSetOnce() {
        MongoEventChannelBuilder builder = MongoEventChannel.builder(NOWHERE).options(EventChannelOptions.defaults());
        assertThatThrownBy(() -> builder.options(EventChannelOptions.defaults()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("options was already set");
        assertThatThrownBy(() -> MongoEventChannel.builder(NOWHERE).options(null))
                .isInstanceOf(NullPointerException.class).hasMessage("options");
    }

    @Test
    void channelOpensWhileTheServerIsUnreachableAndSaysWhatItPromises() {
        try (EventChannel channel = MongoEventChannel.of(NOWHERE + "?mode=polling")) {
            assertThat(channel.uri()).isEqualTo(NOWHERE);
            assertThat(channel.delivery()).isEqualTo(Delivery.REPLAY_AFTER_RECONNECT);
        }
    }

    @Test
    void eventChannelsOpensMongodbUrisWithThisModule() {
        try (EventChannel channel = EventChannels.open(NOWHERE + "?mode=polling",
                EventChannelOptions.defaults().withNamespace("chat"))) {
            assertThat(channel).isInstanceOf(MongoEventChannel.class);
            assertThat(channel.toString()).contains("chat.events");
        }
        assertThatThrownBy(() -> EventChannels.open("mongodb+srv://app:s3cret@db1.example.net:27017/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("event channel 'mongodb+srv://***@db1.example.net:27017/shop': ")
                .hasMessageNotContaining("s3cret");
    }
}
