package dev.multiserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SessionStoresTest {

    @Test
    void memoryUriOpensTheMemoryStore() {
        try (SessionStore store = SessionStores.open("memory:")) {
            assertThat(store).isInstanceOf(MemorySessionStore.class);
            assertThat(store.uri()).isEqualTo("memory:");
        }
    }

    @Test
    void schemeWithoutItsModuleNamesTheModuleToAdd() {
        assertThatThrownBy(() -> SessionStores.open("cassandra://db:9042"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no store for scheme 'cassandra'")
                .hasMessageContaining("available: memory")
                .hasMessageNotContaining("add ");
        assertThatThrownBy(() -> SessionStores.open("redis://127.0.0.1:6379"))
                .hasMessageContaining("add multiserver-redis to the class path");
    }

    @Test
    void uriWithoutSchemeListsTheForms() {
        assertThatThrownBy(() -> SessionStores.open("localhost:6379"))
                .hasMessageContaining("expected: memory:, redis://host:port");
        assertThatThrownBy(() -> SessionStores.open("redis://a b"))
                .hasMessageContaining("malformed URI");
    }

    @Test
    void redactHidesCredentials() {
        assertThat(SessionStores.redact(URI.create("redis://user:secret@10.0.0.5:6379/2")))
                .isEqualTo("redis://***@10.0.0.5:6379/2");
        assertThat(SessionStores.redact(URI.create("mongodb://u:p@h1:1,h2:2/db")))
                .isEqualTo("mongodb://***@h1:1,h2:2/db");
        assertThat(SessionStores.redact(URI.create("memcached://m1:11211"))).isEqualTo("memcached://m1:11211");
    }

    @Test
    void optionsRefuseBadValuesNamingTheField() {
        assertThatThrownBy(() -> SessionStoreOptions.defaults().withTimeout(java.time.Duration.ZERO))
                .hasMessage("timeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> SessionStoreOptions.defaults().withNamespace("a:b"))
                .hasMessageContaining("namespace: 'a:b'");
    }
}
