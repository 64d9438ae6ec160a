package dev.multiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResponseCacheStoresTest {

    @Test
    void memoryUriOpensANewMemoryStoreOfTheOptionsSize() {
        ResponseCacheStoreOptions small = ResponseCacheStoreOptions.defaults().withMaxBytes(1000);
        try (ResponseCacheStore first = ResponseCacheStores.open("memory:", small);
                ResponseCacheStore second = ResponseCacheStores.open(" memory:// ")) {
            assertThat(first).isNotSameAs(second);
            assertThat(first.uri()).isEqualTo("memory:");
            first.put("a", new byte[600], Duration.ofMinutes(1)).join();
            first.put("b", new byte[600], Duration.ofMinutes(1)).join();
            assertThat(((MemoryResponseCacheStore) first).bytes()).isLessThanOrEqualTo(1000);
            assertThat(second.get("a").join()).isEmpty();
        }
    }

    @Test
    void schemeWithoutItsModuleNamesTheModuleToAddAndHidesCredentials() {
        assertThatThrownBy(() -> ResponseCacheStores.open("redis://user:secret@localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("response cache store 'redis://***@localhost:6379'")
                .hasMessageContaining("add multiserver-redis to the class path")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ResponseCacheStores.open("memcached://m1:11211"))
                .hasMessageContaining("add multiserver-memcached to the class path");
        assertThatThrownBy(() -> ResponseCacheStores.open("varnish://localhost"))
                .hasMessageContaining("no store for scheme 'varnish' (available: memory)");
    }

    @Test
    void uriWithoutSchemeListsTheAcceptedForms() {
        assertThatThrownBy(() -> ResponseCacheStores.open("localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: memory:, redis://host:port");
        assertThatThrownBy(() -> ResponseCacheStores.open("redis://a b"))
                .hasMessageContaining("malformed URI");
    }

    @Test
    void optionsRefuseNonsenseNamingTheField() {
        ResponseCacheStoreOptions defaults = ResponseCacheStoreOptions.defaults();
        assertThat(defaults.withTimeout(defaults.timeout())).isSameAs(defaults);
        assertThat(defaults.withMaxBytes(defaults.maxBytes())).isSameAs(defaults);
        assertThatThrownBy(() -> defaults.withTimeout(Duration.ZERO)).hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> defaults.withNamespace("a:b")).hasMessageContaining("namespace: 'a:b'");
        assertThatThrownBy(() -> defaults.withMaxBytes(0)).hasMessage("maxBytes: 0 (expected: > 0)");
    }
}
