package dev.multiserver.balancer.algorithm;

import static dev.multiserver.balancer.algorithm.TestBackends.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastLatencyAlgorithmTest {

    private long now = 1_000_000_000L;
    private final LeastLatencyAlgorithm algorithm = new LeastLatencyAlgorithm(() -> now);

    private void answer(BackendState backend, long millis) {
        algorithm.onExchangeComplete(backend, new ExchangeOutcome(ExchangeOutcome.Kind.RESPONDED, 200,
                Duration.ofMillis(millis)));
    }

    private Map<String, Integer> counts(List<BackendState> candidates, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(algorithm.pick(null, candidates).backend().host(), 1, Integer::sum);
        }
        return counts;
    }

    /** Picks under load: each pick adds a request in flight, and every {@code concurrency} picks they all end. */
    private Map<String, Integer> countsUnderLoad(List<TestBackends.State> backends, int picks, int concurrency) {
        List<BackendState> candidates = List.copyOf(backends);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            TestBackends.State chosen = (TestBackends.State) algorithm.pick(null, candidates);
            chosen.inFlight++;
            counts.merge(chosen.backend().host(), 1, Integer::sum);
            if (i % concurrency == concurrency - 1) {
                backends.forEach(b -> b.inFlight = 0);
            }
        }
        return counts;
    }

    @Test
    void sendsMostTrafficToTheFastBackendAndShiftsBackWhenTheSlowOneRecovers() {
        TestBackends.State fast = state("fast");
        TestBackends.State slow = state("slow");
        TestBackends.State other = state("other");
        for (int i = 0; i < 20; i++) {
            now += 10_000_000;
            answer(fast, 2);
            answer(other, 2);
            answer(slow, 52);
        }
        Map<String, Integer> whileSlow = countsUnderLoad(List.of(fast, slow, other), 3000, 6);
        assertThat(whileSlow.getOrDefault("slow", 0)).isLessThan(100);

        // The slow backend answers fast again; within a minute its estimate has decayed back.
        for (int i = 0; i < 60; i++) {
            now += 1_000_000_000L;
            answer(fast, 2);
            answer(other, 2);
            answer(slow, 2);
        }
        Map<String, Integer> recovered = countsUnderLoad(List.of(fast, slow, other), 3000, 6);
        assertThat(recovered.get("slow")).isGreaterThan(600);
    }

    @Test
    void givesABackendInSlowStartAShareScaledByItsEffectiveWeight() {
        TestBackends.State a = state("a");
        TestBackends.State b = state("b");
        TestBackends.State starting = state("starting");
        starting.effectiveWeight = 0.25;
        for (TestBackends.State backend : List.of(a, b, starting)) {
            answer(backend, 10);
        }
        Map<String, Integer> counts = countsUnderLoad(List.of(a, b, starting), 9000, 18);
        // Equally fast, but its cost counts four times over: about a quarter of a warm backend's share.
        assertThat(counts.get("starting") / (double) counts.get("a")).isBetween(0.15, 0.35);
        assertThat(counts.get("starting") / (double) counts.get("b")).isBetween(0.15, 0.35);
    }

    @Test
    void aSlowSampleCountsAtOnce() {
        BackendState backend = state("b");
        answer(backend, 2);
        now += 1_000_000;
        answer(backend, 80);
        assertThat(algorithm.estimateNanos(backend)).isEqualTo(80_000_000.0);
    }

    @Test
    void triesANewBackendInsteadOfStarvingIt() {
        BackendState known = state("known");
        BackendState fresh = state("fresh");
        answer(known, 1);
        assertThat(algorithm.pick(null, List.of(known, fresh)).backend().host()).isEqualTo("fresh");
    }

    @Test
    void aFailureMakesABackendLookSlow() {
        BackendState failing = state("failing");
        BackendState fine = state("fine");
        answer(fine, 5);
        answer(failing, 1);
        algorithm.onExchangeComplete(failing, new ExchangeOutcome(ExchangeOutcome.Kind.CONNECT_FAILED, 0,
                Duration.ofMillis(1)));
        assertThat(counts(List.of(failing, fine), 100)).containsOnlyKeys("fine");
    }

    @Test
    void weighsRequestsInFlight() {
        TestBackends.State fastButBusy = state("fast");
        TestBackends.State slowerIdle = state("slower");
        answer(fastButBusy, 10);
        answer(slowerIdle, 30);
        fastButBusy.inFlight = 5; // 10 ms × 6 = 60 > 30 ms × 1
        assertThat(counts(List.of(fastButBusy, slowerIdle), 100)).containsOnlyKeys("slower");
    }
}
