package dev.multiserver.balancer;

/**
 * When a request that failed on one backend is sent to another. A retry happens only when the failure
 * left no doubt: the connection was refused or could not be opened (the request never left the
 * balancer: any method), or it broke before any response byte came back (only idempotent methods, and
 * only when the body, if any, was small enough to be held). A retry always goes to a backend not tried
 * yet for that request.
 *
 * <p>Retries are bounded per request ({@code maxAttempts}) and overall by a budget, so that during an
 * outage they cannot multiply the load: retries may add at most {@code budgetRatio} of the requests
 * proxied, plus {@code minRetriesPerSecond} so that a quiet balancer can still retry.
 *
 * <pre>{@code
 * LoadBalancer.builder().retries(RetryPolicy.defaults().withMaxAttempts(2))
 * }</pre>
 */
public final class RetryPolicy {

    private static final RetryPolicy NONE = new RetryPolicy(1, 0, 0, 0);

    private final int maxAttempts;
    private final double budgetRatio;
    private final int minRetriesPerSecond;
    private final int maxHeldBodyBytes;

    private RetryPolicy(int maxAttempts, double budgetRatio, int minRetriesPerSecond, int maxHeldBodyBytes) {
        this.maxAttempts = maxAttempts;
        this.budgetRatio = budgetRatio;
        this.minRetriesPerSecond = minRetriesPerSecond;
        this.maxHeldBodyBytes = maxHeldBodyBytes;
    }

    /** Up to 3 attempts; retries within 20% of requests plus 10 per second; bodies of up to 64 KiB held. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, 0.2, 10, 64 * 1024);
    }

    /** Never retry on another backend. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** Attempts per request including the first, 1 to 10 (1 means no retry). */
    public RetryPolicy withMaxAttempts(int attempts) {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("retries maxAttempts: " + attempts + " (expected: 1-10)");
        }
        return new RetryPolicy(attempts, budgetRatio, minRetriesPerSecond, maxHeldBodyBytes);
    }

    /**
     * The budget: retries may be at most {@code ratio} (0 to 1) of the requests, plus
     * {@code minPerSecond} (0 to 10000) each second.
     */
    public RetryPolicy withBudget(double ratio, int minPerSecond) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("retries budget ratio: " + ratio + " (expected: 0-1)");
        }
        if (minPerSecond < 0 || minPerSecond > 10_000) {
            throw new IllegalArgumentException("retries budget minPerSecond: " + minPerSecond
                    + " (expected: 0-10000)");
        }
        return new RetryPolicy(maxAttempts, ratio, minPerSecond, maxHeldBodyBytes);
    }

    /**
     * The largest request body kept in memory so the request can be sent again after the connection broke
     * (0 to 16 MiB); a larger body makes its request not retryable once sent.
     */
    public RetryPolicy withMaxHeldBodyBytes(int bytes) {
        if (bytes < 0 || bytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("retries maxHeldBodyBytes: " + bytes + " (expected: 0-16777216)");
        }
        return new RetryPolicy(maxAttempts, budgetRatio, minRetriesPerSecond, bytes);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public double budgetRatio() {
        return budgetRatio;
    }

    public int minRetriesPerSecond() {
        return minRetriesPerSecond;
    }

    public int maxHeldBodyBytes() {
        return maxHeldBodyBytes;
    }

    @Override
    public String toString() {
        return maxAttempts == 1 ? "no retries" : "up to " + maxAttempts + " attempts, budget " + budgetRatio
                + " of requests + " + minRetriesPerSecond + "/s, bodies up to " + maxHeldBodyBytes + " bytes";
    }
}
