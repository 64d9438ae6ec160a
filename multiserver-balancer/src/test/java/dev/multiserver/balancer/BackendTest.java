package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void parsesHostAndPort() {
        Backend backend = Backend.of("http://127.0.0.1:9001/");
        assertThat(backend.host()).isEqualTo("127.0.0.1");
        assertThat(backend.port()).isEqualTo(9001);
        assertThat(backend.weight()).isEqualTo(1);
        assertThat(Backend.of("http://app").port()).isEqualTo(80);
        assertThat(Backend.of("http://[::1]:8080").authority()).isEqualTo("[::1]:8080");
    }

    @Test
    void refusesWhatIsNotAPlainHttpAddressNamingTheValue() {
        assertThatThrownBy(() -> Backend.of("ftp://a:1")).hasMessageContaining("'ftp://a:1'");
        assertThatThrownBy(() -> Backend.of("http://a:1/path")).hasMessageContaining("'http://a:1/path'");
        assertThatThrownBy(() -> Backend.of("not a url")).hasMessageContaining("'not a url'");
        assertThatThrownBy(() -> Backend.of("http://a:99999")).hasMessageContaining("99999");
        assertThatThrownBy(() -> Backend.of("http://a:1").withWeight(0)).hasMessageContaining("weight: 0");
    }

    @Test
    void equalByAddress() {
        assertThat(Backend.of("http://A:1")).isEqualTo(Backend.of("http://a:1/").withWeight(2));
    }
}
