package dev.multiserver.servlet.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.cache.ResponseCache;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseCacheFilterBuilderTest {

    @Test
    void refusesAMissingCacheAndABadOrRepeatedDecisionTimeout() {
        try (ResponseCache cache = ResponseCache.builder().build()) {
            assertThatThrownBy(() -> ResponseCacheFilter.builder(null)).hasMessage("cache");
            assertThatThrownBy(() -> ResponseCacheFilter.builder(cache).decisionTimeout(Duration.ZERO))
                    .hasMessage("decisionTimeout: PT0S (expected: > 0)");
            assertThatThrownBy(() -> ResponseCacheFilter.builder(cache).decisionTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ResponseCacheFilter.builder(cache).decisionTimeout(Duration.ofSeconds(1))
                    .decisionTimeout(Duration.ofSeconds(2)))
                    .hasMessage("decisionTimeout was already set to PT1S");
        }
    }

    @Test
    void buildCanBeCalledAgain() {
        try (ResponseCache cache = ResponseCache.builder().build()) {
            ResponseCacheFilterBuilder builder = ResponseCacheFilter.builder(cache).decisionTimeout(Duration.ofSeconds(3));
            assertThat(builder.build()).isNotSameAs(builder.build());
        }
    }
}
