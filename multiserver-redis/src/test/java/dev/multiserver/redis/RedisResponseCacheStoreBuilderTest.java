package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisResponseCacheStoreBuilderTest {

    @Test
    void malformedUriIsNamedWithoutItsPassword() {
        assertThatThrownBy(() -> RedisResponseCacheStore.of("redis://:secret@host:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response cache store 'redis://***@host:0': port '0' of host 'host' (expected: 1 to 65535)");
        assertThatThrownBy(() -> RedisResponseCacheStore.of("redis://host?timeout=1"))
                .hasMessageContaining("set the timeout and namespace on the builder");
    }

    @Test
    void settingsAreCheckedAndSetOnce() {
        RedisResponseCacheStoreBuilder builder = RedisResponseCacheStore.builder("redis://127.0.0.1:1");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> builder.namespace("a b")).hasMessageContaining("namespace: 'a b'");
        assertThatThrownBy(() -> builder.trustedCertificates(Path.of("ca.pem")))
                .hasMessage("trustedCertificates: ca.pem for redis://127.0.0.1:1 (expected: a rediss:// URI)");
        builder.timeout(Duration.ofMillis(100));
        assertThatThrownBy(() -> builder.timeout(Duration.ofMillis(200)))
                .isInstanceOf(IllegalStateException.class).hasMessage("timeout: already set to PT0.1S");
    }

    @Test
    void storeNamesItselfWithoutCredentialsAndConnectsOnlyOnUse() {
        try (RedisResponseCacheStore store = RedisResponseCacheStore.of("redis://user:secret@127.0.0.1:1/3")) {
            assertThat(store.uri()).isEqualTo("redis://127.0.0.1:1/3");
        }
    }
}
