package dev.multiserver.balancer.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void doublesWithEachCrashInARowUpToTheMaximum() {
        assertThat(Backoff.delay(INITIAL, MAX, 1)).isEqualTo(Duration.ofMillis(500));
        assertThat(Backoff.delay(INITIAL, MAX, 2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(INITIAL, MAX, 3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(INITIAL, MAX, 7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void neverOverflowsHoweverManyCrashes() {
        assertThat(Backoff.delay(INITIAL, MAX, 64)).isEqualTo(MAX);
        assertThat(Backoff.delay(INITIAL, MAX, Integer.MAX_VALUE)).isEqualTo(MAX);
        assertThat(Backoff.delay(Duration.ofDays(365), Duration.ofDays(365 * 100), 40)).isEqualTo(Duration.ofDays(365 * 100));
    }
}
