package dev.multiserver.redis;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.testkit.RedisServerExtension;
import dev.multiserver.testkit.cache.ResponseCacheStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisResponseCacheStoreContractIntegrationTest extends ResponseCacheStoreContract {

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected ResponseCacheStore openStore() {
        return RedisResponseCacheStore.of(redis.uri());
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(redis::kill, redis::start));
    }
}
