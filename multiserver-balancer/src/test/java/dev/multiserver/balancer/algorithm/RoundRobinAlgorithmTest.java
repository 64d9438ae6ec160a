package dev.multiserver.balancer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinAlgorithmTest {

    private static BackendState state(String name, int weight) {
        return TestBackends.state(name, weight);
    }

    private static List<String> picks(Algorithm algorithm, List<BackendState> candidates, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(algorithm.pick(null, candidates).backend().host());
        }
        return names;
    }

    @Test
    void alternatesEvenlyWithEqualWeights() {
        List<BackendState> three = List.of(state("a", 1), state("b", 1), state("c", 1));
        assertThat(picks(Algorithm.roundRobin(), three, 6)).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void spreadsAHeavyBackendsTurnsInsteadOfBurstingThem() {
        List<BackendState> weighted = List.of(state("a", 5), state("b", 1), state("c", 1));
        assertThat(picks(Algorithm.roundRobin(), weighted, 7)).containsExactly("a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void givesABackendInSlowStartAShareScaledByItsEffectiveWeight() {
        TestBackends.State warm = TestBackends.state("warm", 2);
        TestBackends.State starting = TestBackends.state("starting", 2);
        starting.effectiveWeight = 0.5; // a quarter of its configured weight
        List<String> names = picks(Algorithm.roundRobin(), List.of(warm, starting), 1000);
        assertThat(Collections.frequency(names, "starting")).isEqualTo(200);
        assertThat(Collections.frequency(names, "warm")).isEqualTo(800);
    }
}
