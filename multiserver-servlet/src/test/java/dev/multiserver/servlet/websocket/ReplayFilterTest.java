package dev.multiserver.servlet.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayFilterTest {

    private final ReplayFilter filter = new ReplayFilter();

    @Test
    void acceptsOnlyWhatIsNewerThanEverythingSeenFromThatOrigin() {
        assertThat(filter.accept("node-a", 10, 0)).isTrue();
        assertThat(filter.accept("node-a", 10, 0)).as("the same again").isFalse();
        assertThat(filter.accept("node-a", 9, 0)).as("an older one").isFalse();
        assertThat(filter.accept("node-a", 12, 0)).as("after a gap").isTrue();
        assertThat(filter.accept("node-a", 11, 0)).as("the gap, late").isFalse();
        assertThat(filter.accept("node-b", 1, 0)).as("another origin").isTrue();
    }

    @Test
    void forgetsOriginsSilentForLongerThanTheIdleTime() {
        filter.accept("node-a", 10, 0);
        filter.accept("node-b", 10, 500);

        filter.forgetIdle(1000, 600);

        assertThat(filter.origins()).isEqualTo(1);
        assertThat(filter.accept("node-a", 1, 1000)).isTrue();
        assertThat(filter.accept("node-b", 1, 1000)).isFalse();
    }
}
