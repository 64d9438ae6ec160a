package dev.multiserver.balancer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
}
