package dev.multiserver.mongo;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MongoSessionStoreBuilderTest {

    private static MongoSessionStoreBuilder builder() {
        return MongoSessionStore.builder("mongodb://db:27017/shop");
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> builder().timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout: PT-1S (expected: > 0)");
    }

    @Test
    void namespaceMustBeAPlainName() {
        assertThatThrownBy(() -> builder().namespace("a.b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace: 'a.b' (expected: 1 to 64 letters, digits, '_' or '-')");
    }

    @Test
    void settingsCannotBeSetTwice() {
        assertThatThrownBy(() -> builder().timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timeout was already set to PT1S");
        assertThatThrownBy(() -> builder().namespace("a").namespace("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("namespace was already set to a");
    }

    @Test
    void nullsAreRefusedByName() {
        assertThatThrownBy(() -> MongoSessionStore.builder(null)).hasMessage("uri");
        assertThatThrownBy(() -> builder().timeout(null)).hasMessage("timeout");
        assertThatThrownBy(() -> builder().namespace(null)).hasMessage("namespace");
    }

    @Test
    void malformedUriIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> MongoSessionStore.of("mongodb://u:pw@:27017/shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("session store 'mongodb://***@:27017/shop': ");
    }
}
