package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadBalancerBuilderTest {

    @Test
    void refusesBadValuesNamingTheSetting() {
        LoadBalancerBuilder builder = LoadBalancer.builder();
        assertThatThrownBy(() -> builder.port(70000)).hasMessage("port: 70000 (expected: 0-65535)");
        assertThatThrownBy(() -> builder.maxConcurrentConnections(-1)).hasMessageStartingWith("maxConcurrentConnections: -1");
        assertThatThrownBy(() -> builder.queueTimeout(Duration.ZERO)).hasMessageStartingWith("queueTimeout: PT0S");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ofSeconds(-1))).hasMessageStartingWith("connectTimeout");
        assertThatThrownBy(() -> builder.ioThreads(0)).hasMessageStartingWith("ioThreads: 0");
        assertThatThrownBy(() -> builder.maxHeaderSize(1)).hasMessageStartingWith("maxHeaderSize: 1");
    }

    @Test
    void refusesTheSameBackendTwice() {
        LoadBalancerBuilder builder = LoadBalancer.builder().backend("http://127.0.0.1:9001");
        assertThatThrownBy(() -> builder.backend("http://127.0.0.1:9001/"))
                .hasMessageContaining("listed twice");
    }
}
