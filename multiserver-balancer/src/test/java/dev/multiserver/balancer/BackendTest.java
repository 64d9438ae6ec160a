package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void parsesHostAndPort() {
        Backend backend = Backend.of("http://127.0.0.1:9001/");
        assertThat(backend.host()).isEqualTo("127.0.0.1");
        assertThat(backend.port()).isEqualTo(9001);
        assertThat(backend.weight()).isEqualTo(1);
        assertThat(backend.secure()).isFalse();
        assertThat(Backend.of("http://app").port()).isEqualTo(80);
        assertThat(Backend.of("http://[::1]:8080").authority()).isEqualTo("[::1]:8080");
    }

    @Test
    void parsesHttpsWithPort443ByDefault() {
        Backend backend = Backend.of("HTTPS://App.Internal/");

        assertThat(backend.secure()).isTrue();
        assertThat(backend.host()).isEqualTo("App.Internal");
        assertThat(backend.port()).isEqualTo(443);
        assertThat(backend.uri()).isEqualTo(URI.create("https://App.Internal:443"));
        assertThat(backend).hasToString("https://App.Internal:443");
        assertThat(backend.withWeight(3)).hasToString("https://App.Internal:443 (weight 3)");
        assertThat(backend.withWeight(3).secure()).isTrue();
        assertThat(Backend.of("https://[::1]:9443").authority()).isEqualTo("[::1]:9443");
    }

    @Test
    void refusesWhatIsNotAPlainHttpAddressNamingTheValue() {
        assertThatThrownBy(() -> Backend.of("ftp://a:1")).hasMessage(
                "backend: 'ftp://a:1' has scheme ftp (expected: http://host:port or https://host:port)");
        assertThatThrownBy(() -> Backend.of("http://a:1/path")).hasMessage("backend: 'http://a:1/path' must be only "
                + "scheme, host and port (expected: http://host:port or https://host:port)");
        assertThatThrownBy(() -> Backend.of("https://user@a:1")).hasMessageContaining("'https://user@a:1'");
        assertThatThrownBy(() -> Backend.of("not a url")).hasMessageContaining("'not a url'")
                .hasMessageEndingWith("(expected: http://host:port or https://host:port)");
        assertThatThrownBy(() -> Backend.of("http://a:99999")).hasMessageContaining("99999");
        assertThatThrownBy(() -> Backend.of("http://a:1").withWeight(0)).hasMessageContaining("weight: 0");
    }

    @Test
    void equalByAddress() {
        assertThat(Backend.of("http://A:1")).isEqualTo(Backend.of("http://a:1/").withWeight(2));
        assertThat(Backend.of("https://A:1")).isEqualTo(Backend.of("https://a:1/").withWeight(2))
                .hasSameHashCodeAs(Backend.of("https://a:1"));
    }

    @Test
    void theSameAddressOverHttpAndHttpsIsTwoBackends() {
        Backend plain = Backend.of("http://a:8443");
        Backend secure = Backend.of("https://a:8443");

        assertThat(secure).isNotEqualTo(plain);
        assertThat(secure.id()).isNotEqualTo(plain.id());
        assertThat(secure.authority()).isEqualTo(plain.authority());
    }

    @Test
    void anHttpBackendKeepsTheIdItAlwaysHadSoStickyCookiesStillMatch() {
        // The value every balancer computed before https backends existed: SHA-256 of the address.
        assertThat(Backend.of("http://127.0.0.1:9001").id()).isEqualTo("ixZPA7RFF8LK");
        assertThat(Backend.of("https://127.0.0.1:9001").id()).isEqualTo("3a4QiIi_0LYh");
    }
}
