package dev.multiserver.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The first store and the optional shared one behind it. A failing store reads as empty and writes as done: the
 * cache then behaves as a cache that missed, and the outage is logged once.
 */
final class Tiers {

    /** An entry and whether it came from the shared tier (so it should be copied into the first). */
    record Found(byte[] bytes, boolean fromShared) {
    }

    private final ResponseCacheStore first;
    private final ResponseCacheStore shared;
    private final StoreHealth firstHealth;
    private final StoreHealth sharedHealth;

    Tiers(ResponseCacheStore first, ResponseCacheStore shared) {
        this.first = first;
        this.shared = shared;
        this.firstHealth = new StoreHealth(first.uri());
        this.sharedHealth = shared == null ? null : new StoreHealth(shared.uri());
    }

    ResponseCacheStore first() {
        return first;
    }

    CompletableFuture<Optional<Found>> get(String key) {
        CompletableFuture<Optional<byte[]>> fromFirst = read(first, firstHealth, key);
        Optional<byte[]> ready = fromFirst.getNow(null);
        if (ready != null && ready.isPresent()) {
            // the memory store answers at once: a hit skips the composition below
            return CompletableFuture.completedFuture(Optional.of(new Found(ready.get(), false)));
        }
        return fromFirst.thenCompose(inFirst -> {
            if (inFirst.isPresent() || shared == null) {
                return CompletableFuture.completedFuture(inFirst.map(bytes -> new Found(bytes, false)));
            }
            return read(shared, sharedHealth, key).thenApply(inShared -> inShared.map(b -> new Found(b, true)));
        });
    }

    /** Writes to the first tier, and to the shared tier unless {@code firstOnly}. */
    CompletableFuture<Void> put(String key, byte[] bytes, Duration ttl, boolean firstOnly) {
        CompletableFuture<Void> one = write(first, firstHealth, "put", () -> first.put(key, bytes, ttl));
        if (shared == null || firstOnly) {
            return one;
        }
        return CompletableFuture.allOf(one, write(shared, sharedHealth, "put", () -> shared.put(key, bytes, ttl)));
    }

    CompletableFuture<Void> delete(String key) {
        CompletableFuture<Void> one = write(first, firstHealth, "delete", () -> first.delete(key));
        if (shared == null) {
            return one;
        }
        return CompletableFuture.allOf(one, write(shared, sharedHealth, "delete", () -> shared.delete(key)));
    }

    /** Deletes by prefix in both tiers; answers the first tier's count. A tier's failure fails the whole. */
    CompletableFuture<Long> deleteByPrefix(String prefix) {
        CompletableFuture<Long> one = safely(() -> first.deleteByPrefix(prefix));
        if (shared == null) {
            return one;
        }
        CompletableFuture<Long> two = safely(() -> shared.deleteByPrefix(prefix));
        return one.thenCombine(two, (a, b) -> a);
    }

    void close() {
        try {
            first.close();
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
    }

    private static CompletableFuture<Optional<byte[]>> read(ResponseCacheStore store, StoreHealth health,
            String key) {
        return safely(() -> store.get(key)).handle((value, error) -> {
            if (error != null) {
                health.failed("get", unwrap(error));
                return Optional.empty();
            }
            health.succeeded();
            return value == null ? Optional.empty() : value;
        });
    }

    private static CompletableFuture<Void> write(ResponseCacheStore store, StoreHealth health, String operation,
            java.util.function.Supplier<CompletableFuture<Void>> call) {
        return safely(call).handle((ignored, error) -> {
            if (error != null) {
                health.failed(operation, unwrap(error));
            } else {
                health.succeeded();
            }
            return null;
        });
    }

    /** A store that throws instead of failing its future is treated the same. */
    private static <T> CompletableFuture<T> safely(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            CompletableFuture<T> future = call.get();
            return future == null ? CompletableFuture.failedFuture(new NullPointerException("store returned null"))
                    : future;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
