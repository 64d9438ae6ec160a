package dev.multiserver.mongo;

import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannelOptions;
import dev.multiserver.testkit.MongoServerExtension;
import dev.multiserver.testkit.pubsub.EventChannelContract;
import dev.multiserver.testkit.session.StoreServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The channel contract in polling mode, the fallback for servers without change streams. */
class MongoPollingEventChannelContractIntegrationTest extends EventChannelContract {

    @RegisterExtension
    static final MongoServerExtension mongo = new MongoServerExtension();

    @Override
    protected EventChannel openChannel() {
        return MongoEventChannel.builder(TestDatabases.channelUri(mongo, "polling"))
                .options(EventChannelOptions.defaults().withTimeout(Duration.ofSeconds(1)).withPollInterval(Duration.ofMillis(50)))
                .build();
    }

    @Override
    protected Optional<StoreServer> server() {
        return mongo.isExternal() ? Optional.empty() : Optional.of(StoreServer.of(mongo::stop, mongo::start));
    }

    @Override
    protected Duration failureBound() {
        return Duration.ofSeconds(3);
    }
}
