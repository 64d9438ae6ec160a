package dev.multiserver.examples.leastlatency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastLatencyExampleIntegrationTest {

    @Test
    void theFastestWorkerAnswersMostRequests() throws Exception {
        try (LeastLatencyExample example = LeastLatencyExample.start(0)) {
            Map<String, Integer> answered = example.send(90);

            assertThat(answered.keySet()).isSubsetOf(LeastLatencyExample.SPEEDS.keySet());
            assertThat(answered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(90);
            int fast = answered.getOrDefault("fast", 0);
            assertThat(fast).as("the fast worker's share of %s", answered)
                    .isGreaterThan(answered.getOrDefault("medium", 0))
                    .isGreaterThan(answered.getOrDefault("slow", 0) * 3);
        }
    }
}
