package dev.multiserver.cli.balance;

import dev.multiserver.balancer.RetryPolicy;

/**
 * The retry policy as {@code --retr*} and {@code retries:} give it, part by part, on top of
 * {@link RetryPolicy#defaults()}; the budget's floor per second stays the default's.
 */
final class RetrySettings {

    private Given<Integer> maxAttempts;
    private Given<Double> budget;
    private Given<Integer> maxBody;

    void maxAttempts(int value, Origin origin) {
        maxAttempts = new Given<>(value, origin);
    }

    void budget(double ratio, Origin origin) {
        budget = new Given<>(ratio, origin);
    }

    void maxBody(int bytes, Origin origin) {
        maxBody = new Given<>(bytes, origin);
    }

    RetryPolicy resolve() {
        RetryPolicy policy = RetryPolicy.defaults();
        if (maxAttempts != null) {
            policy = maxAttempts.apply(policy::withMaxAttempts);
        }
        if (budget != null) {
            RetryPolicy before = policy;
            policy = budget.apply(ratio -> before.withBudget(ratio, before.minRetriesPerSecond()));
        }
        if (maxBody != null) {
            policy = maxBody.apply(policy::withMaxHeldBodyBytes);
        }
        return policy;
    }
}
