package dev.multiserver.balancer.algorithm;

import static dev.multiserver.balancer.algorithm.TestBackends.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashRingTest {

    private final BackendState a = state("10.0.0.1");
    private final BackendState b = state("10.0.0.2", 2);
    private final BackendState c = state("10.0.0.3");
    private final List<BackendState> all = List.of(a, b, c);

    private static void assertPlacesAlike(HashRing expected, HashRing actual, List<BackendState> candidates) {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            long hash = random.nextLong();
            assertThat(actual.locate(hash, candidates)).isSameAs(expected.locate(hash, candidates));
        }
    }

    @Test
    void isTheSameRingWhateverOrderBackendsJoinIn() {
        assertPlacesAlike(HashRing.of(List.of(a, b, c)), HashRing.of(List.of(c, a, b)), all);
        assertPlacesAlike(HashRing.of(List.of(a, b, c)), HashRing.EMPTY.with(b).with(c).with(a), all);
    }

    @Test
    void aBackendThatLeftIsAsIfItNeverJoined() {
        List<BackendState> twoLeft = List.of(a, c);
        assertPlacesAlike(HashRing.of(twoLeft), HashRing.of(all).without(b), twoLeft);
        assertThat(HashRing.of(all).without(b).covers(List.of(b))).isFalse();
    }

    @Test
    void skipsOwnersThatAreNotCandidates() {
        HashRing ring = HashRing.of(all);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 1_000; i++) {
            assertThat(ring.locate(random.nextLong(), List.of(c))).isSameAs(c);
        }
    }

    @Test
    void findsNoOwnerWhenNoCandidateIsOnTheRing() {
        assertThat(HashRing.of(List.of(a, b)).locate(42, List.of(c))).isNull();
        assertThat(HashRing.EMPTY.locate(42, List.of(c))).isNull();
    }

    @Test
    void isBuiltOnceForABackendAddedTwice() {
        HashRing ring = HashRing.of(List.of(a, b));
        assertThat(ring.with(a)).isSameAs(ring);
        assertThat(ring.without(c)).isSameAs(ring);
    }
}
