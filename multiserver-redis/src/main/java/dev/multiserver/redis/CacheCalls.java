package dev.multiserver.redis;

import dev.multiserver.cache.ResponseCacheStoreException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one response cache store operation without blocking the caller, and turns whatever Lettuce fails with into
 * a {@link ResponseCacheStoreException} that names the store, the operation and the cause.
 */
final class CacheCalls {

    private final RedisConnector<byte[]> connector;
    private final String storeUri;
    private final Duration timeout;

    CacheCalls(RedisConnector<byte[]> connector, String storeUri, Duration timeout) {
        this.connector = connector;
        this.storeUri = storeUri;
        this.timeout = timeout;
    }

    /**
     * Sends the commands of {@code operation} ("get of 'v /a ...'"); the future fails within the timeout, connecting
     * included, when the store is closed, unreachable, slow or answers with an error.
     */
    <T> CompletableFuture<T> call(String operation,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> commands) {
        return bounded(operation, commands).orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, error) -> {
                    if (error != null) {
                        throw failure(operation, error);
                    }
                    return result;
                });
    }

    /** As {@link #call}, for an operation of many round trips (a prefix delete): each is bounded, not the whole. */
    <T> CompletableFuture<T> callUnbounded(String operation,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> commands) {
        return bounded(operation, commands).handle((result, error) -> {
            if (error != null) {
                throw failure(operation, error);
            }
            return result;
        });
    }

    private <T> CompletableFuture<T> bounded(String operation,
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> commands) {
        try {
            return connector.connection().thenCompose(connection -> commands.apply(connection.commands()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionException failure(String operation, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        ResponseCacheStoreException failure;
        if (cause instanceof ResponseCacheStoreException known) {
            failure = known;
        } else if (cause instanceof TimeoutException || cause instanceof RedisCommandTimeoutException) {
            failure = new ResponseCacheStoreException(storeUri, operation + " failed: timed out after "
                    + timeout.toMillis() + " ms", cause);
        } else if (cause instanceof RedisConnector.StoreClosedException) {
            failure = new ResponseCacheStoreException(storeUri, operation + " failed: " + cause.getMessage());
        } else {
            failure = new ResponseCacheStoreException(storeUri, operation + " failed: " + RedisCalls.describe(cause),
                    cause);
        }
        return new CompletionException(failure);
    }
}
