package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.RetryPolicy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Caps retries at a share of the requests plus a small rate, so that an outage cannot make the balancer
 * multiply its load on the backends left. Two token buckets: every request deposits {@code ratio} of a
 * token into one (capped), time refills the other at {@code minPerSecond}; a retry spends one token
 * from either.
 */
final class RetryBudget {

    private static final long MILLI = 1000;
    private static final long MAX_DEPOSITED = 100 * MILLI;

    private final long depositPerRequest;
    private final long minPerSecond;
    private final LongSupplier nanoClock;
    private final AtomicLong deposited = new AtomicLong();
    private long timeTokens;
    private long refilledAt;

    RetryBudget(RetryPolicy policy) {
        this(policy, System::nanoTime);
    }

    RetryBudget(RetryPolicy policy, LongSupplier nanoClock) {
        this.depositPerRequest = Math.round(policy.budgetRatio() * MILLI);
        this.minPerSecond = policy.minRetriesPerSecond();
        this.nanoClock = nanoClock;
        this.timeTokens = minPerSecond * MILLI;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** A request was proxied: it earns the budget a share of a retry. */
    void requestStarted() {
        if (depositPerRequest == 0) {
            return;
        }
        long current;
        do {
            current = deposited.get();
            if (current >= MAX_DEPOSITED) {
                return;
            }
        } while (!deposited.compareAndSet(current, Math.min(MAX_DEPOSITED, current + depositPerRequest)));
    }

    /** Takes one retry from the budget; {@code false} when it is spent. */
    boolean tryRetry() {
        long current;
        do {
            current = deposited.get();
            if (current < MILLI) {
                return tryTimeToken();
            }
        } while (!deposited.compareAndSet(current, current - MILLI));
        return true;
    }

    private synchronized boolean tryTimeToken() {
        if (minPerSecond == 0) {
            return false;
        }
        long now = nanoClock.getAsLong();
        // A full bucket takes one second to refill: a longer wait earns no more (and cannot overflow).
        long elapsed = Math.min(now - refilledAt, 1_000_000_000L);
        long earned = elapsed * minPerSecond * MILLI / 1_000_000_000L;
        if (earned > 0) {
            timeTokens = Math.min(minPerSecond * MILLI, timeTokens + earned);
            refilledAt = now;
        }
        if (timeTokens < MILLI) {
            return false;
        }
        timeTokens -= MILLI;
        return true;
    }
}
