package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.RetryPolicy;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void allowsRetriesUpToTheRatioOfRequests() {
        RetryBudget budget = new RetryBudget(RetryPolicy.defaults().withBudget(0.2, 0), now::get);
        for (int i = 0; i < 10; i++) {
            budget.requestStarted();
        }
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void aQuietBalancerMayStillRetryTheMinimumPerSecond() {
        RetryBudget budget = new RetryBudget(RetryPolicy.defaults().withBudget(0.2, 3), now::get);
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();

        now.addAndGet(340_000_000L); // a third of a second earns one retry
        assertThat(budget.tryRetry()).isTrue();
        assertThat(budget.tryRetry()).isFalse();
    }

    @Test
    void savingsAreCappedSoALongCalmCannotFundAStorm() {
        RetryBudget budget = new RetryBudget(RetryPolicy.defaults().withBudget(1.0, 0), now::get);
        for (int i = 0; i < 10_000; i++) {
            budget.requestStarted();
        }
        int allowed = 0;
        while (budget.tryRetry()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(100);
    }

    @Test
    void aLongIdleSpellDoesNotOverflowTheRefill() {
        RetryBudget budget = new RetryBudget(RetryPolicy.defaults().withBudget(0, 10_000), now::get);
        now.addAndGet(Long.MAX_VALUE / 4);
        int allowed = 0;
        while (budget.tryRetry()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(10_000);
    }
}
