package dev.multiserver.examples.leastlatency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastLatencyExampleIntegrationTest {

    @Test
    void theSlowWorkerIsLeftOutOnceMeasured() throws Exception {
        try (LeastLatencyExample example = LeastLatencyExample.start(0)) {
            Map<String, Integer> answered = example.send(90);

            assertThat(answered.keySet()).isSubsetOf(LeastLatencyExample.SPEEDS.keySet());
            assertThat(answered.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(90);
            // The slow worker is left out once measured. Whether the fast one also leads the medium one within 90
            // requests depends on its first, cold-JVM sample, which peak-EWMA keeps for seconds (a run saw
            // fast=39, medium=50): that is asserted on the slow one only, where the gap is 150 ms against 1 and 30.
            int slow = answered.getOrDefault("slow", 0);
            assertThat(answered.getOrDefault("fast", 0)).as("the fast worker's share of %s", answered)
                    .isGreaterThan(slow * 3);
            assertThat(answered.getOrDefault("medium", 0)).as("the medium worker's share of %s", answered)
                    .isGreaterThan(slow * 3);
        }
    }
}
