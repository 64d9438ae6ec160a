package dev.multiserver.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.worker.TinyApp;
import dev.multiserver.balancer.worker.WorkerStatus;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.testkit.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /workers}, {@code POST /workers/restart} and {@code POST /workers/scale} over real sockets. */
class WorkerEndpointsIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TinyApp> apps = new CopyOnWriteArrayList<>();
    private final List<LoadBalancer> balancers = new ArrayList<>();
    /** New instances wait for it to open: a restart then stays in progress for as long as a test needs. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    @AfterEach
    void stop() {
        gate.countDown();
        balancers.forEach(LoadBalancer::close);
        apps.forEach(TinyApp::crash);
    }

    private LoadBalancer withWorkers(int count) {
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                .workers(Workers.inProcess(port -> {
                    gate.await();
                    TinyApp app = new TinyApp(port);
                    apps.add(app);
                    return app;
                }).count(count).stopGrace(Duration.ofMillis(100)).build())
                .build();
        balancers.add(lb);
        return lb.start();
    }

    @Test
    void listsEveryWorkerWithItsStatePortAndCounts() throws Exception {
        LoadBalancer lb = withWorkers(2);

        HttpResponse<String> response = send(lb, "GET", "/workers");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode workers = json.readTree(response.body()).get("workers");
        assertThat(workers).hasSize(2);
        JsonNode first = workers.get(0);
        assertThat(first.get("id").textValue()).isEqualTo("worker-1");
        assertThat(first.get("state").textValue()).isEqualTo("UP");
        assertThat(first.get("pid").isNull()).isTrue();
        assertThat(first.get("port").intValue()).isEqualTo(lb.workers().get(0).port());
        assertThat(first.get("url").textValue()).isEqualTo("http://127.0.0.1:" + lb.workers().get(0).port());
        assertThat(first.get("restarts").intValue()).isZero();
        assertThat(first.get("crashes").intValue()).isZero();
        assertThat(first.get("uptimeSeconds").doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(first.get("lastError").isNull()).isTrue();
    }

    @Test
    void restartIsAcceptedAndReplacesEveryWorker() throws Exception {
        LoadBalancer lb = withWorkers(2);
        List<Integer> before = lb.workers().stream().map(WorkerStatus::port).toList();

        HttpResponse<String> response = send(lb, "POST", "/workers/restart");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("accepted").textValue()).isEqualTo("rolling restart");
        await().until(() -> lb.workers().stream().allMatch(w -> w.state() == WorkerStatus.State.UP
                && w.restarts() == 1 && !before.contains(w.port())));
    }

    @Test
    void restartWithAnIdReplacesThatWorkerOnly() throws Exception {
        LoadBalancer lb = withWorkers(2);
        int first = lb.workers().get(0).port();
        int second = lb.workers().get(1).port();

        HttpResponse<String> response = send(lb, "POST", "/workers/restart?id=worker-2");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).get("accepted").textValue()).isEqualTo("restart worker-2");
        await().until(() -> {
            WorkerStatus w2 = lb.workers().get(1);
            return w2.state() == WorkerStatus.State.UP && w2.restarts() == 1 && w2.port() != second;
        });
        WorkerStatus w1 = lb.workers().get(0);
        assertThat(w1.restarts()).isZero();
        assertThat(w1.port()).isEqualTo(first);
        // the same restart is seen in status.json, which the dashboard polls
        JsonNode workers = json.readTree(send(lb, "GET", "/status.json").body()).get("workers");
        assertThat(workers.get(1).get("id").textValue()).isEqualTo("worker-2");
        assertThat(workers.get(1).get("restarts").intValue()).isEqualTo(1);
        assertThat(workers.get(0).get("restarts").intValue()).isZero();
    }

    @Test
    void restartOfAnUnknownOrEmptyIdIsRefusedNamingIt() throws Exception {
        LoadBalancer lb = withWorkers(1);

        HttpResponse<String> unknown = send(lb, "POST", "/workers/restart?id=worker-9");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("query parameter id: no worker worker-9 (expected: one of worker-1)");
        HttpResponse<String> empty = send(lb, "POST", "/workers/restart?id=");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("query parameter id: missing");
        HttpResponse<String> twice = send(lb, "POST", "/workers/restart?id=worker-1&id=worker-1");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).contains("query parameter id: given 2 times");
        assertThat(lb.workers().get(0).restarts()).isZero();
    }

    @Test
    void scaleStartsWorkersAndRefusesABadCount() throws Exception {
        LoadBalancer lb = withWorkers(1);

        assertThat(send(lb, "POST", "/workers/scale?count=3").statusCode()).isEqualTo(202);
        await().until(() -> lb.workers().size() == 3
                && lb.workers().stream().allMatch(w -> w.state() == WorkerStatus.State.UP));

        HttpResponse<String> zero = send(lb, "POST", "/workers/scale?count=0");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).contains("query parameter count: 0 (expected: 1-256)");
        HttpResponse<String> word = send(lb, "POST", "/workers/scale?count=many");
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(word.body()).contains("query parameter count: 'many' (expected: a number 1-256)");
        assertThat(send(lb, "POST", "/workers/scale").statusCode()).isEqualTo(400);
    }

    @Test
    void aSecondOperationWhileOneIsInProgressIsAConflict() throws Exception {
        LoadBalancer lb = withWorkers(2);
        gate = new CountDownLatch(1);

        assertThat(send(lb, "POST", "/workers/restart").statusCode()).isEqualTo(202);
        HttpResponse<String> second = send(lb, "POST", "/workers/scale?count=1");

        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("a rolling restart is in progress");
        gate.countDown();
        // once the restart is over, the same request is accepted
        await().until(() -> send(lb, "POST", "/workers/scale?count=1").statusCode() == 202);
        await().until(() -> lb.workers().size() == 1);
    }

    @Test
    void aBalancerWithoutWorkersListsNoneAndRefusesToRestart() throws Exception {
        try (TestBackend backend = TestBackend.start("b1")) {
            LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(0)
                    .backend(backend.uri().toString()).build().start();
            balancers.add(lb);

            assertThat(json.readTree(send(lb, "GET", "/workers").body()).get("workers")).isEmpty();
            HttpResponse<String> restart = send(lb, "POST", "/workers/restart");
            assertThat(restart.statusCode()).isEqualTo(409);
            assertThat(restart.body()).contains("this load balancer runs no workers");
        }
    }

    private HttpResponse<String> send(LoadBalancer lb, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + lb.adminAddress().orElseThrow().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
