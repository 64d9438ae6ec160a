package dev.multiserver.balancer.algorithm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinAlgorithmTest {

    private static BackendState state(String name, int weight) {
        Backend backend = Backend.of("http://" + name + ":80").withWeight(weight);
        return new BackendState() {
            @Override
            public Backend backend() {
                return backend;
            }

            @Override
            public boolean healthy() {
                return true;
            }

            @Override
            public int inFlight() {
                return 0;
            }
        };
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
