package dev.multiserver.memcached;

import com.spotify.folsom.MemcacheClosedException;
import com.spotify.folsom.MemcacheOverloadedException;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * One store operation ({@code load of session 3q2...}) and its deadline: every round trip it makes waits only for
 * what is left of the store's timeout, so a save with several compare-and-set rounds is bounded as a whole.
 */
final class StoreCall {

    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final String storeUri;
    private final String operation;
    private final Duration timeout;
    private final long deadline;

    StoreCall(String storeUri, String operation, Duration timeout) {
        this.storeUri = storeUri;
        this.operation = operation;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The result of a request, or the failure that explains why there is none, named after this operation. */
    <T> T await(CompletionStage<T> request) {
        CompletableFuture<T> future = request.toCompletableFuture();
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw timedOut(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException(storeUri, operation + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (CancellationException e) {
            throw failed(e);
        }
    }

    /**
     * Waits a random while before another compare-and-set round, longer after each conflict, so that writers that
     * keep colliding spread out.
     */
    void backOff(int conflicts) {
        long bound = Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(conflicts, 16));
        long pause = ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
        if (System.nanoTime() + pause - deadline >= 0) {
            throw timedOut(null);
        }
        LockSupport.parkNanos(pause);
        if (Thread.currentThread().isInterrupted()) {
            throw new SessionStoreException(storeUri, operation + " was interrupted");
        }
    }

    /** A failure of this operation for a reason the store found: {@code "<uri>: save of session x: <reason>"}. */
    SessionStoreException refused(String reason) {
        return new SessionStoreException(storeUri, operation + ": " + reason);
    }

    private SessionStoreException failed(Throwable cause) {
        if (cause instanceof MemcacheClosedException) {
            if (deadline - System.nanoTime() <= 0) {
                // folsom closed a connection whose request outlived the timeout: to the caller that is a timeout
                return timedOut(cause);
            }
            // fails at once while folsom reconnects; the message is folsom's reason, such as "Timeout" after a
            // server stopped answering, or "Connection refused"
            return new SessionStoreException(storeUri, operation + " failed: not connected to memcached ("
                    + describe(cause) + ")", cause);
        }
        if (cause instanceof MemcacheOverloadedException) {
            return new SessionStoreException(storeUri, operation + " failed: too many requests waiting for "
                    + "memcached", cause);
        }
        return new SessionStoreException(storeUri, operation + " failed: " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private SessionStoreTimeoutException timedOut(Throwable cause) {
        return new SessionStoreTimeoutException(storeUri, operation, timeout, cause);
    }
}
