package dev.multiserver.redis;

import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.session.SessionStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisSessionStoreContractIntegrationTest extends SessionStoreContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected RedisSessionStore openStore() {
        return RedisSessionStore.of(redis.uri());
    }

    @Override
    protected boolean writeForeignData(String id) {
        try (RawRedis raw = RawRedis.connect(redis.uri())) {
            raw.commands().set("multiserver:session:" + id, "not a session");
        }
        return true;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(redis::kill, redis::start));
    }
}
