package dev.multiserver.redis;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreTimeoutException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one store operation, which may be several commands, within the store's timeout, and turns whatever Lettuce
 * throws into a {@link SessionStoreException} that names the store, the operation and the cause.
 */
final class RedisCalls {

    private final RedisConnector<String> connector;
    private final String storeUri;
    private final Duration timeout;

    RedisCalls(RedisConnector<String> connector, String storeUri, Duration timeout) {
        this.connector = connector;
        this.storeUri = storeUri;
        this.timeout = timeout;
    }

    /**
     * Sends the commands of {@code operation} ("load of session 3q2…") and waits for their result.
     *
     * @throws SessionStoreTimeoutException when they take longer than the timeout, connecting included
     * @throws SessionStoreException        when the store is closed, unreachable, or answers with an error
     */
    <T> T call(String operation, Function<RedisClusterAsyncCommands<String, String>, CompletionStage<T>> commands) {
        CompletableFuture<T> result = connector.connection()
                .thenCompose(connection -> commands.apply(connection.commands()));
        try {
            return result.get(timeout.toNanos(), NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new SessionStoreTimeoutException(storeUri, operation, timeout, null);
        } catch (ExecutionException e) {
            throw failure(operation, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException(storeUri, operation + " was interrupted", e);
        }
    }

    private SessionStoreException failure(String operation, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RedisCommandTimeoutException) {
            return new SessionStoreTimeoutException(storeUri, operation, timeout, cause);
        }
        if (cause instanceof RedisConnector.StoreClosedException) {
            return new SessionStoreException(storeUri, operation + " failed: " + cause.getMessage());
        }
        return new SessionStoreException(storeUri, operation + " failed: " + describe(cause), cause);
    }

    /** The message of the error and of its root cause when that says more ("Connection refused"). */
    static String describe(Throwable error) {
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }
}
