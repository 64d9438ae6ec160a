package dev.multiserver.memcached;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemcachedSessionStoreBuilderTest {

    private final MemcachedSessionStoreBuilder builder = MemcachedSessionStore.builder("memcached://127.0.0.1");

    @Test
    void refusesAMalformedUriBeforeConnecting() {
        assertThatThrownBy(() -> MemcachedSessionStore.of("memcached://h:99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("memcached session store 'memcached://h:99999': 'h:99999' has an invalid "
                        + "port");
        assertThatThrownBy(() -> MemcachedSessionStore.builder("mongodb://h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("memcached session store 'mongodb://h/db': the scheme is not memcached");
    }

    @Test
    void refusesATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(-1)))
                .hasMessage("timeout: PT-1S (expected: > 0)");
    }

    @Test
    void refusesANamespaceThatCannotBePartOfAKey() {
        assertThatThrownBy(() -> builder.namespace("my shop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace: 'my shop' (expected: 1 to 64 letters, digits, '_' or '-')");
    }

    @Test
    void refusesANegativeNumberOfRetries() {
        assertThatThrownBy(() -> builder.maxCasRetries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCasRetries: -1 (expected: >= 0)");
        assertThatNoException().isThrownBy(() -> builder.maxCasRetries(0));
    }

    @Test
    void refusesAnItemSizeMemcachedDoesNotAllow() {
        assertThatThrownBy(() -> builder.maxItemSize(1023))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxItemSize: 1023 (expected: 1024 to 1073741824)");
        assertThatThrownBy(() -> builder.maxItemSize(1024 * 1024 * 1024 + 1))
                .hasMessage("maxItemSize: 1073741825 (expected: 1024 to 1073741824)");
    }

    @Test
    void refusesNulls() {
        assertThatThrownBy(() -> MemcachedSessionStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("uri");
        assertThatThrownBy(() -> builder.timeout(null)).hasMessage("timeout");
        assertThatThrownBy(() -> builder.namespace(null)).hasMessage("namespace");
        assertThatThrownBy(() -> builder.options(null)).hasMessage("options");
    }
}
