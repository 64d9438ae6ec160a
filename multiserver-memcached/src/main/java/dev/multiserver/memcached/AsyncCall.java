package dev.multiserver.memcached;

import com.spotify.folsom.MemcacheClosedException;
import com.spotify.folsom.MemcacheOverloadedException;
import dev.multiserver.cache.ResponseCacheStoreException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One response cache store operation ({@code get of 'v /a ...'}) without blocking: its future fails within the
 * timeout with a {@link ResponseCacheStoreException} that names the store, the operation and the cause.
 */
final class AsyncCall {

    private final String storeUri;
    private final String operation;
    private final Duration timeout;

    AsyncCall(String storeUri, String operation, Duration timeout) {
        this.storeUri = storeUri;
        this.operation = operation;
        this.timeout = timeout;
    }

    /** {@code request} bounded by the timeout, its failure named after this operation. */
    <T> CompletableFuture<T> bound(CompletionStage<T> request) {
        return request.toCompletableFuture().orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, error) -> {
                    if (error != null) {
                        throw new CompletionException(failed(error));
                    }
                    return result;
                });
    }

    /** A failure of this operation for a reason the store found: {@code "<uri>: put of 'x': <reason>"}. */
    ResponseCacheStoreException refused(String reason) {
        return new ResponseCacheStoreException(storeUri, operation + ": " + reason);
    }

    private ResponseCacheStoreException failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ResponseCacheStoreException known) {
            return known;
        }
        if (cause instanceof TimeoutException) {
            return new ResponseCacheStoreException(storeUri, operation + " failed: timed out after "
                    + timeout.toMillis() + " ms");
        }
        if (cause instanceof MemcacheClosedException) {
            // fails at once while folsom reconnects; the message is folsom's reason, such as "Connection refused"
            return new ResponseCacheStoreException(storeUri, operation + " failed: not connected to memcached ("
                    + describe(cause) + ")", cause);
        }
        if (cause instanceof MemcacheOverloadedException) {
            return new ResponseCacheStoreException(storeUri, operation + " failed: too many requests waiting for "
                    + "memcached", cause);
        }
        return new ResponseCacheStoreException(storeUri, operation + " failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
