package dev.multiserver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSessionStoreBuilderTest {

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://h:1").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout: PT0S (expected: > 0)");
    }

    @Test
    void namespaceIsChecked() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://h:1").namespace("a:b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("namespace: 'a:b' (expected: ");
    }

    @Test
    void aSettingCannotBeSetTwice() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://h:1")
                .timeout(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("timeout: already set to PT1S");
    }

    @Test
    void trustedCertificatesNeedATlsUriAndAReadableFile() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://:pw@h:1").trustedCertificates(Path.of("ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustedCertificates: ca.pem for redis://h:1 (expected: a rediss:// URI)");
        assertThatThrownBy(() -> RedisSessionStore.builder("rediss://h:1")
                .trustedCertificates(Path.of("/nonexistent/ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trustedCertificates: /nonexistent/ca.pem (expected: a readable PEM file)");
    }

    @Test
    void malformedUriFailsWhenTheBuilderIsMade() {
        assertThatThrownBy(() -> RedisSessionStore.builder("redis://:secret@h:port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port 'port'")
                .message().doesNotContain("secret");
    }

    @Test
    void sessionStoresOpensEveryRedisSchemeWithoutConnecting() {
        for (String uri : new String[] {"redis://:pw@127.0.0.1:1/2", "rediss://127.0.0.1:1",
                "redis-cluster://127.0.0.1:1,127.0.0.1:2"}) {
            try (SessionStore store = SessionStores.open(uri)) {
                assertThat(store).isInstanceOf(RedisSessionStore.class);
                assertThat(store.uri()).isEqualTo(uri.replace(":pw@", ""));
            }
        }
    }
}
