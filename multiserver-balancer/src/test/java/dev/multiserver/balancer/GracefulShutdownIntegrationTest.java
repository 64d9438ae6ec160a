package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GracefulShutdownIntegrationTest {

    private TestBackend backend;

    @BeforeEach
    void start() {
        backend = TestBackend.start("b1");
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private LoadBalancer balancer() {
        return LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .build().start();
    }

    @Test
    void letsRequestsInFlightFinishAndRefusesNewConnections() throws Exception {
        LoadBalancer lb = balancer();
        int port = lb.port();
        try (RawHttpClient inFlight = new RawHttpClient(port); RawHttpClient idle = new RawHttpClient(port)) {
            idle.send("GET /warmup HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(idle.read().status()).isEqualTo(200);
            inFlight.send("GET /slow?delay=1000 HTTP/1.1\r\nHost: a\r\n\r\n");
            await().until(() -> lb.activeRequests() == 1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> lb.stop(Duration.ofSeconds(10)));

            // The idle keep-alive connection is closed at once; new connections are refused.
            assertThat(idle.isClosedByServer()).isTrue();
            await().untilAsserted(() -> assertThatThrownBy(() -> new RawHttpClient(port).close())
                    .isInstanceOf(ConnectException.class));
            // The request in flight completes, and its connection closes after it.
            RawHttpClient.Response response = inFlight.read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualTo("close");
            assertThat(inFlight.isClosedByServer()).isTrue();
            stopping.get();
        }
    }

    @Test
    void closesWhatIsLeftWhenTheGracePeriodEnds() throws Exception {
        LoadBalancer lb = balancer();
        try (RawHttpClient stuck = new RawHttpClient(lb.port())) {
            stuck.send("GET /forever?delay=20000 HTTP/1.1\r\nHost: a\r\n\r\n");
            await().until(() -> lb.activeRequests() == 1);
            long start = System.nanoTime();
            lb.stop(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(stuck.isClosedByServer()).isTrue();
        }
    }

    @Test
    void stopIsIdempotentAndStartAfterStopIsRefused() throws IOException {
        LoadBalancer lb = balancer();
        lb.close();
        lb.close();
        assertThatThrownBy(lb::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToStartOnAPortInUseNamingTheAddress() {
        try (LoadBalancer first = balancer()) {
            LoadBalancer second = LoadBalancer.builder().port(first.port()).bindAddress("127.0.0.1")
                    .backend(backend.uri().toString()).build();
            assertThatThrownBy(second::start).isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + first.port());
        }
    }
}
