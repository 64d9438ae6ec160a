package dev.multiserver.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A store whose server is down: every call fails, as a remote store's would. */
final class FailingStore implements ResponseCacheStore {

    final AtomicInteger calls = new AtomicInteger();

    private <T> CompletableFuture<T> failure(String operation) {
        calls.incrementAndGet();
        return CompletableFuture.failedFuture(new ResponseCacheStoreException(uri(), operation
                + " failed: Connection refused"));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
        return failure("get");
    }

    @Override
    public CompletableFuture<Void> put(String key, byte[] entry, Duration ttl) {
        return failure("put");
    }

    @Override
    public CompletableFuture<Void> delete(String key) {
        return failure("delete");
    }

    @Override
    public CompletableFuture<Long> deleteByPrefix(String keyPrefix) {
        return failure("deleteByPrefix");
    }

    @Override
    public String uri() {
        return "redis://10.0.0.5:6379";
    }

    @Override
    public void close() {
    }
}
