package dev.multiserver.balancer.algorithm;

import static dev.multiserver.balancer.algorithm.TestBackends.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastConnectionsAlgorithmTest {

    private final Algorithm algorithm = Algorithm.leastConnections();

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
    void prefersTheBackendWithFewerRequestsInFlight() {
        TestBackends.State busy = state("busy");
        TestBackends.State idle = state("idle");
        busy.inFlight = 5;
        assertThat(counts(List.of(busy, idle), 1000)).containsOnlyKeys("idle");
    }

    @Test
    void neverPicksTheBusiestOfThreeAndSpreadsOverTheOthers() {
        TestBackends.State a = state("a");
        TestBackends.State b = state("b");
        TestBackends.State c = state("c");
        c.inFlight = 10;
        Map<String, Integer> counts = counts(List.of(a, b, c), 3000);
        assertThat(counts).doesNotContainKey("c");
        assertThat(counts.get("a")).isBetween(1200, 1800);
    }

    @Test
    void weighsLoadByWeight() {
        TestBackends.State big = state("big", 4);
        TestBackends.State small = state("small", 1);
        big.inFlight = 3;
        small.inFlight = 1;
        // 4/4 = 1.0 for big against 2/1 = 2.0 for small
        assertThat(counts(List.of(big, small), 200)).containsOnlyKeys("big");
    }

    @Test
    void givesABackendInSlowStartAShareScaledByItsEffectiveWeight() {
        TestBackends.State a = state("a");
        TestBackends.State b = state("b");
        TestBackends.State starting = state("starting");
        starting.effectiveWeight = 0.25;
        Map<String, Integer> counts = countsUnderLoad(List.of(a, b, starting), 9000, 18);
        // Its load counts four times over, so it holds about a quarter of what a warm backend holds.
        assertThat(counts.get("starting") / (double) counts.get("a")).isBetween(0.15, 0.35);
        assertThat(counts.get("starting") / (double) counts.get("b")).isBetween(0.15, 0.35);
    }
}
