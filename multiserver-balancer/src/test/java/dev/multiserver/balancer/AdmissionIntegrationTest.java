package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.testkit.TestBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code maxConcurrentConnections}: a cap on requests at the backends, with a bounded FIFO queue. */
class AdmissionIntegrationTest {

    private TestBackend backend;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void start() {
        backend = TestBackend.start("b1");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        backend.close();
    }

    private LoadBalancer balancer(int max, int queue, Duration queueTimeout) {
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(backend.uri().toString())
                .maxConcurrentConnections(max).maxQueuedRequests(queue).queueTimeout(queueTimeout).build().start();
        resources.add(lb);
        return lb;
    }

    private RawHttpClient send(LoadBalancer lb, String target) throws Exception {
        RawHttpClient client = new RawHttpClient(lb.port());
        resources.add(client);
        client.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        return client;
    }

    @Test
    void queuedRequestsReachTheBackendOneAtATimeInArrivalOrder() throws Exception {
        LoadBalancer lb = balancer(1, 10, Duration.ofSeconds(10));
        RawHttpClient first = send(lb, "/1?delay=400");
        await().until(() -> lb.activeRequests() == 1);
        RawHttpClient second = send(lb, "/2?delay=100");
        await().until(() -> lb.queuedRequests() == 1);
        RawHttpClient third = send(lb, "/3");
        await().until(() -> lb.queuedRequests() == 2);
        assertThat(backend.requestCount()).isLessThanOrEqualTo(1);

        for (RawHttpClient c : List.of(first, second, third)) {
            assertThat(c.read().status()).isEqualTo(200);
        }
        assertThat(backend.requestUris()).containsExactly("/1?delay=400", "/2?delay=100", "/3");
        assertThat(backend.maxConcurrentRequests()).isEqualTo(1);
    }

    @Test
    void answers503WithRetryAfterWhenTheQueueWaitIsTooLong() throws Exception {
        LoadBalancer lb = balancer(1, 10, Duration.ofMillis(300));
        RawHttpClient busy = send(lb, "/busy?delay=3000");
        await().until(() -> lb.activeRequests() == 1);

        RawHttpClient.Response rejected = send(lb, "/waits").read();
        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.header("Retry-After")).isEqualTo("1");
        assertThat(rejected.bodyText()).contains("queue timeout");
        assertThat(busy.read().status()).isEqualTo(200);
        assertThat(backend.requestUris()).containsExactly("/busy?delay=3000");
    }

    @Test
    void answers503AtOnceWhenTheQueueIsFull() throws Exception {
        LoadBalancer lb = balancer(1, 1, Duration.ofSeconds(10));
        send(lb, "/busy?delay=2000");
        await().until(() -> lb.activeRequests() == 1);
        send(lb, "/queued");
        await().until(() -> lb.queuedRequests() == 1);

        long start = System.nanoTime();
        RawHttpClient.Response rejected = send(lb, "/overflow").read();
        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.bodyText()).contains("too many requests are waiting");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aClientThatLeavesTheQueueGivesUpItsPlace() throws Exception {
        LoadBalancer lb = balancer(1, 10, Duration.ofSeconds(10));
        RawHttpClient busy = send(lb, "/busy?delay=500");
        await().until(() -> lb.activeRequests() == 1);
        RawHttpClient leaver = send(lb, "/leaver");
        await().until(() -> lb.queuedRequests() == 1);
        leaver.close();
        await().until(() -> lb.queuedRequests() == 0);

        assertThat(busy.read().status()).isEqualTo(200);
        assertThat(send(lb, "/next").read().status()).isEqualTo(200);
        assertThat(backend.requestUris()).containsExactly("/busy?delay=500", "/next");
        await().until(() -> lb.activeRequests() == 0);
    }

    @Test
    void manyConcurrentClientsAllGetAnswersWithinTheLimit() throws Exception {
        LoadBalancer lb = balancer(3, 100, Duration.ofSeconds(20));
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String target = "/many" + i + "?delay=20";
            answers.add(CompletableFuture.supplyAsync(() -> {
                try (RawHttpClient c = new RawHttpClient(lb.port())) {
                    c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
                    return c.read().status();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(200);
        }
        assertThat(backend.maxConcurrentRequests()).isLessThanOrEqualTo(3);
        await().until(() -> lb.activeRequests() == 0);
    }
}
