package dev.multiserver.memcached;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.testkit.MemcachedServerExtension;
import dev.multiserver.testkit.cache.ResponseCacheStoreContract;
import dev.multiserver.testkit.session.StoreServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract against two servers sharing the entries by consistent hashing. They run with {@code -I 2m}: the
 * contract's 1 MiB entry, with its key and header, is over memcached's default 1 MiB item limit.
 */
class MemcachedResponseCacheStoreContractIntegrationTest extends ResponseCacheStoreContract {

    private static final int MAX_ITEM_SIZE = 2 << 20;

    @RegisterExtension
    static final MemcachedServerExtension first = MemcachedServerExtension.withMaxItemSize(MAX_ITEM_SIZE);

    @RegisterExtension
    static final MemcachedServerExtension second = MemcachedServerExtension.withMaxItemSize(MAX_ITEM_SIZE);

    @Override
    protected ResponseCacheStore openStore() {
        return MemcachedResponseCacheStore.builder(first.uri() + "," + second.host() + ":" + second.port())
                .maxItemSize(MAX_ITEM_SIZE).build();
    }

    @Override
    protected boolean deletesByPrefix() {
        return false;
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.of(StoreServer.of(() -> {
            first.kill();
            second.kill();
        }, () -> {
            first.start();
            second.start();
        }));
    }
}
