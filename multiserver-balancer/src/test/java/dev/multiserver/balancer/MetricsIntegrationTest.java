package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code lb.meterRegistry().scrape()} (the admin {@code /metrics}) and {@code backendStatus()} report. */
class MetricsIntegrationTest {

    private final Started started = new Started();

    @AfterEach
    void closeAll() throws Exception {
        started.close();
    }

    private TestBackend backend(String id) {
        return started.backend(id);
    }

    private LoadBalancer balancer(LoadBalancerBuilder builder, TestBackend... backends) {
        return started.balancer(builder, backends);
    }

    private static RawHttpClient.Response get(LoadBalancer lb, String target) throws IOException {
        return Started.get(lb, target);
    }

    private static String tag(TestBackend backend) {
        return "backend=\"127.0.0.1:" + backend.port() + "\"";
    }

    /** Waits until every exchange is over for the balancer too: a client can read its answer a moment before. */
    private static void awaitIdle(LoadBalancer lb) {
        await().atMost(Duration.ofSeconds(2)).until(() -> lb.activeRequests() == 0);
    }

    @Test
    void countsRequestsByBackendAndStatusAndExportsLatencyAndLoad() throws Exception {
        TestBackend b = backend("b");
        LoadBalancer lb = balancer(LoadBalancer.builder(), b);
        for (int i = 0; i < 5; i++) {
            assertThat(get(lb, "/ok" + i).status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(get(lb, "/teapot?status=418").status()).isEqualTo(418);
        }
        awaitIdle(lb);

        PrometheusScrape scrape = PrometheusScrape.of(lb);
        assertThat(scrape.value("multiserver_requests_total{" + tag(b) + ",status=\"200\"}")).hasValue(5.0);
        assertThat(scrape.value("multiserver_requests_total{" + tag(b) + ",status=\"418\"}")).hasValue(3.0);
        assertThat(scrape.value("multiserver_backend_latency_seconds_count{" + tag(b) + "}")).hasValue(8.0);
        assertThat(scrape.samplesOf("multiserver_backend_latency_seconds_bucket"))
                .filteredOn(s -> s.contains(tag(b))).hasSizeGreaterThan(10);
        assertThat(scrape.value("multiserver_backend_latency_seconds_bucket{" + tag(b) + ",le=\"+Inf\"}"))
                .hasValue(8.0);
        assertThat(scrape.value("multiserver_backend_in_flight{" + tag(b) + "}")).hasValue(0.0);
        assertThat(scrape.value("multiserver_backend_up{" + tag(b) + "}")).hasValue(1.0);
        assertThat(scrape.value("multiserver_queue_length")).hasValue(0.0);
        assertThat(scrape.value("multiserver_requests_active")).hasValue(0.0);
    }

    @Test
    void countsAFailedConnectionAndTheRetryThatFollowed() throws Exception {
        TestBackend gone = backend("gone");
        gone.refuseConnections();
        TestBackend b = backend("b");
        LoadBalancer lb = balancer(LoadBalancer.builder(), gone, b);

        RawHttpClient.Response response = get(lb, "/first");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Backend-Id")).isEqualTo("b");
        awaitIdle(lb);

        PrometheusScrape scrape = PrometheusScrape.of(lb);
        assertThat(scrape.value("multiserver_requests_total{" + tag(gone) + ",status=\"connect_failed\"}"))
                .hasValue(1.0);
        assertThat(scrape.value("multiserver_retries_total{" + tag(gone) + "}")).hasValue(1.0);
        assertThat(scrape.value("multiserver_requests_total{" + tag(b) + ",status=\"200\"}")).hasValue(1.0);
        assertThat(scrape.value("multiserver_retries_total{" + tag(b) + "}")).isEmpty();
    }

    @Test
    void countsHealthTransitions() {
        TestBackend gone = backend("gone");
        gone.refuseConnections();
        TestBackend b = backend("b");
        LoadBalancer lb = balancer(LoadBalancer.builder().healthCheck(HealthCheck.of("/health")
                .withInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(1)).withFall(2)), gone, b);

        String down = "multiserver_health_transitions_total{" + tag(gone) + ",state=\"down\"}";
        await().atMost(Duration.ofSeconds(5)).until(() -> PrometheusScrape.of(lb).value(down).isPresent());

        PrometheusScrape scrape = PrometheusScrape.of(lb);
        assertThat(scrape.value(down)).hasValue(1.0);
        assertThat(scrape.value("multiserver_backend_up{" + tag(gone) + "}")).hasValue(0.0);
        assertThat(scrape.samplesOf("multiserver_health_transitions_total")).noneMatch(s -> s.contains(tag(b)));
    }

    @Test
    void backendStatusReportsCountsAndLatencies() throws Exception {
        TestBackend b = backend("b");
        LoadBalancer lb = balancer(LoadBalancer.builder(), b);
        for (int i = 0; i < 20; i++) {
            assertThat(get(lb, "/r" + i + "?delay=20").status()).isEqualTo(200);
        }
        awaitIdle(lb);

        BackendStatus status = lb.backendStatus().get(0);
        assertThat(status.backend()).isEqualTo(Backend.of(b.uri()));
        assertThat(status.state()).isEqualTo(BackendStatus.State.UP);
        assertThat(status.inFlight()).isZero();
        assertThat(status.requests()).isEqualTo(20);
        assertThat(status.errors()).isZero();
        assertThat(status.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(15));
        assertThat(status.p50()).isGreaterThanOrEqualTo(Duration.ofMillis(15));
        assertThat(status.p99()).isGreaterThanOrEqualTo(status.p50());
    }
}
