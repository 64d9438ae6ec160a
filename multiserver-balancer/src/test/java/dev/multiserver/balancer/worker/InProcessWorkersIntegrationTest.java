package dev.multiserver.balancer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.worker.WorkerStatus.State;
import dev.multiserver.testkit.SteadyLoad;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workers inside the balancer's JVM: one JDK HTTP server per instance, each on the port it is given. */
class InProcessWorkersIntegrationTest {

    private final Map<Integer, TinyApp> running = new ConcurrentHashMap<>();
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();
    private LoadBalancer lb;

    @AfterEach
    void stop() {
        if (lb != null) {
            lb.close();
        }
        running.values().forEach(TinyApp::crash);
    }

    private LoadBalancer start(WorkersBuilder workers) {
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(workers.listener(events::add).build()).build();
        return lb.start();
    }

    private WorkersBuilder tinyApps(int count) {
        return Workers.inProcess(port -> {
            TinyApp app = new TinyApp(port);
            running.put(port, app);
            return app;
        }).count(count).backoff(Duration.ofMillis(50), Duration.ofSeconds(1)).stopGrace(Duration.ofMillis(200));
    }

    @Test
    void startsInstancesInTheJvmAndBalancesOverThem() throws Exception {
        start(tinyApps(3));

        assertThat(lb.workers()).hasSize(3).allSatisfy(w -> {
            assertThat(w.state()).isEqualTo(State.UP);
            assertThat(w.pid()).isEmpty();
            assertThat(running).containsKey(w.port());
        });
        try (SteadyLoad load = SteadyLoad.start(uri(), 1, "X-Port")) {
            await().until(() -> load.answersByHeader().size() == 3);
            load.close();
            assertThat(load.failures()).isEmpty();
        }
    }

    @Test
    void anInstanceWhoseServerStopsIsReplacedWhileNoRequestFails() throws Exception {
        start(tinyApps(2));
        int crashedPort = lb.workers().get(0).port();

        try (SteadyLoad load = SteadyLoad.start(uri(), 2, "X-Port")) {
            await().until(() -> load.succeeded() > 50);
            running.get(crashedPort).crash();
            await().until(() -> lb.workers().get(0).state() == State.UP && lb.workers().get(0).port() != crashedPort);
            int replacement = lb.workers().get(0).port();
            await().until(() -> load.answersByHeader().containsKey(String.valueOf(replacement)));
            load.close();
            assertThat(load.failures()).isEmpty();
        }
        assertThat(lb.workers().get(0).lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("stopped after"));
        assertThat(events).extracting(WorkerEvent::kind).contains(WorkerEvent.Kind.CRASHED,
                WorkerEvent.Kind.RESPAWN_SCHEDULED);
        assertThat(lb.meterRegistry().scrape()).contains("multiserver_worker_crashes_total 1.0",
                "multiserver_worker_restarts_total 1.0", "multiserver_workers{state=\"UP\"} 2.0",
                "multiserver_workers{state=\"FAILED\"} 0.0");
    }

    @Test
    void rollingRestartReplacesEveryInstanceWithoutAFailedRequest() throws Exception {
        start(tinyApps(2));
        List<Integer> before = lb.workers().stream().map(WorkerStatus::port).toList();

        try (SteadyLoad load = SteadyLoad.start(uri(), 2, "X-Port")) {
            await().until(() -> load.succeeded() > 50);
            lb.restartWorkers().get(1, TimeUnit.MINUTES);
            load.close();
            assertThat(load.failures()).isEmpty();
        }
        assertThat(lb.workers()).extracting(WorkerStatus::port).doesNotContainAnyElementsOf(before);
        before.forEach(port -> assertThat(running.get(port).stopped()).isDone());
    }

    @Test
    void anApplicationThatFailsToStartGivesUpNamingTheCause() {
        AtomicInteger attempts = new AtomicInteger();
        LoadBalancer failing = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(Workers.inProcess(port -> {
                    attempts.incrementAndGet();
                    throw new IOException("database unreachable");
                }).count(1).backoff(Duration.ofMillis(10), Duration.ofMillis(40)).crashLoopLimit(3).build())
                .build();
        lb = failing;

        assertThatThrownBy(failing::start).isInstanceOf(WorkerException.class)
                .hasMessageContaining("worker-1 crashed 3 times in a row")
                .hasMessageContaining("the application failed to start on port")
                .hasMessageContaining("database unreachable");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void scalingDownStopsTheHighestNumberedInstances() throws Exception {
        start(tinyApps(3));
        int third = lb.workers().get(2).port();

        lb.scaleWorkers(2).get(1, TimeUnit.MINUTES);

        assertThat(lb.workers()).extracting(WorkerStatus::id).containsExactly("worker-1", "worker-2");
        assertThat(running.get(third).stopped()).isDone();
        assertThat(lb.backends()).hasSize(2);
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + lb.port() + "/");
    }
}
