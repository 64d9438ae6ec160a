package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
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
    void refusesAStreamLimitBelowOneAndH2cOverTls() {
        assertThatThrownBy(() -> LoadBalancer.builder().maxConcurrentStreams(0))
                .hasMessage("maxConcurrentStreams: 0 (expected: >= 1)");
        assertThatThrownBy(() -> LoadBalancer.builder().http2Cleartext(true)
                .tls(dev.multiserver.balancer.tls.ServerTls.selfSigned()).build())
                .hasMessage("http2Cleartext: true needs a plain-HTTP port (expected: no tls(...); over TLS, HTTP/2 "
                        + "is negotiated with ALPN, see http2(boolean))");
    }

    @Test
    void refusesTheSameBackendTwice() {
        LoadBalancerBuilder builder = LoadBalancer.builder().backend("http://127.0.0.1:9001");
        assertThatThrownBy(() -> builder.backend("http://127.0.0.1:9001/"))
                .hasMessageContaining("listed twice");
    }

    @Test
    void refusesBadHealthRetryAndAdminSettingsNamingThem() {
        LoadBalancerBuilder builder = LoadBalancer.builder();
        assertThatThrownBy(() -> builder.slowStart(Duration.ofHours(2))).hasMessageStartingWith("slowStart: PT2H");
        assertThatThrownBy(() -> builder.adminPort(-2)).hasMessage("adminPort: -2 (expected: 0-65535)");
        assertThatThrownBy(() -> builder.adminToken("short")).hasMessageStartingWith("adminToken:");
        assertThatThrownBy(() -> builder.adminToken("has a space")).hasMessageStartingWith("adminToken:");
        assertThatThrownBy(() -> HealthCheck.of("health")).hasMessageContaining("'health'");
        assertThatThrownBy(() -> HealthCheck.of("/health").withInterval(Duration.ofMillis(1)))
                .hasMessageStartingWith("health check interval");
        assertThatThrownBy(() -> HealthCheck.of("/health").withFall(0)).hasMessage("health check fall: 0 (expected: 1-100)");
        assertThatThrownBy(() -> PassiveHealthCheck.ofConsecutiveFailures(0))
                .hasMessageStartingWith("passive health check consecutiveFailures: 0");
        assertThatThrownBy(() -> PassiveHealthCheck.defaults().withMaxEjectionTime(Duration.ofSeconds(1)))
                .hasMessageContaining("expected: >= ejectionTime");
        assertThatThrownBy(() -> PassiveHealthCheck.disabled().withEjectionTime(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0)).hasMessageStartingWith("retries maxAttempts: 0");
        assertThatThrownBy(() -> RetryPolicy.defaults().withBudget(1.5, 1)).hasMessageStartingWith("retries budget ratio");
        assertThatThrownBy(() -> RetryPolicy.defaults().withBudget(Double.NaN, 1)).hasMessageStartingWith("retries budget ratio");
    }

    @Test
    void ejectionTimeRaisesTheMaximumWhenItWouldExceedIt() {
        PassiveHealthCheck check = PassiveHealthCheck.defaults().withEjectionTime(Duration.ofMinutes(10));
        assertThat(check.maxEjectionTime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void healthCheckWithersReturnTheSameObjectWhenNothingChanges() {
        HealthCheck check = HealthCheck.of("/health");
        assertThat(check.withRise(check.rise())).isSameAs(check);
        assertThat(check.withInterval(Duration.ofSeconds(5))).isSameAs(check);
    }
}
