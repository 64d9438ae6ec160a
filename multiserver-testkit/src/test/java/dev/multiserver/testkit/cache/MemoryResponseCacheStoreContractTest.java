package dev.multiserver.testkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.cache.ResponseCacheStore;
import dev.multiserver.testkit.session.StoreServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory store; each open is a store of its own, so the two-client tests share one instance per test. */
class MemoryResponseCacheStoreContractTest extends ResponseCacheStoreContract {

    private ResponseCacheStore shared;

    @Override
    protected ResponseCacheStore openStore() {
        if (shared == null) {
            shared = ResponseCacheStore.memory(64L << 20);
            return shared;
        }
        return new SharedHandle(shared);
    }

    @Override
    protected Optional<StoreServer> server() {
        return Optional.empty();
    }

    @Test
    void refusesANonPositiveSizeAndTtl() {
        assertThatThrownBy(() -> ResponseCacheStore.memory(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes: 0 (expected: > 0)");
        ResponseCacheStore store = store();
        assertThat(store.put("k", new byte[1], Duration.ZERO)).isCompletedExceptionally();
        assertThat(store.uri()).isEqualTo("memory:");
    }

    /** Another instance's client of the one memory store: closing it leaves the store open for the others. */
    private static final class SharedHandle implements ResponseCacheStore {
        private final ResponseCacheStore store;

        SharedHandle(ResponseCacheStore store) {
            this.store = store;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Optional<byte[]>> get(String key) {
            return store.get(key);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
            return store.put(key, entry, ttl);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> delete(String key) {
            return store.delete(key);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
            return store.deleteByPrefix(keyPrefix);
        }

        @Override
        public String uri() {
            return store.uri();
        }

        @Override
        public void close() {
        }
    }
}
