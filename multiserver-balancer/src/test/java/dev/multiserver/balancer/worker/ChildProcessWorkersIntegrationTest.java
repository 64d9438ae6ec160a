package dev.multiserver.balancer.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.worker.WorkerStatus.State;
import dev.multiserver.testkit.SteadyLoad;
import dev.multiserver.testkit.WorkerProgram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers as real child processes (a small Java HTTP server each), through a real balancer. */
class ChildProcessWorkersIntegrationTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final List<LoadBalancer> balancers = new ArrayList<>();
    private final Set<Long> pidsSeen = new java.util.HashSet<>();
    private final List<WorkerEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() {
        balancers.forEach(LoadBalancer::close);
        // a failed assertion must not leave a worker behind
        pidsSeen.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private LoadBalancer start(WorkersBuilder workers) {
        return start(workers, LoadBalancer.builder());
    }

    private LoadBalancer start(WorkersBuilder workers, dev.multiserver.balancer.LoadBalancerBuilder builder) {
        LoadBalancer lb = builder.port(0).bindAddress("127.0.0.1")
                .workers(workers.stopGrace(Duration.ofSeconds(5)).listener(events::add).build()).build();
        balancers.add(lb);
        lb.start();
        remember(lb);
        return lb;
    }

    private Map<String, Long> pids(LoadBalancer lb) {
        remember(lb);
        return lb.workers().stream().filter(w -> w.pid().isPresent())
                .collect(Collectors.toMap(WorkerStatus::id, w -> w.pid().getAsLong()));
    }

    private void remember(LoadBalancer lb) {
        lb.workers().forEach(w -> w.pid().ifPresent(pidsSeen::add));
    }

    private static boolean allUp(LoadBalancer lb, int count) {
        List<WorkerStatus> workers = lb.workers();
        return workers.size() == count && workers.stream().allMatch(w -> w.state() == State.UP);
    }

    @Test
    void startsTheWorkersAndProxiesToEachOfThem() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(2));

        assertThat(lb.workers()).extracting(WorkerStatus::id, WorkerStatus::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("worker-1", State.UP),
                        org.assertj.core.groups.Tuple.tuple("worker-2", State.UP));
        assertThat(lb.backends()).hasSize(2);
        Set<String> answeredBy = new java.util.HashSet<>();
        for (int i = 0; i < 10; i++) {
            answeredBy.add(get(lb, "/").headers().firstValue("X-Worker-Pid").orElseThrow());
        }
        assertThat(answeredBy).containsExactlyInAnyOrderElementsOf(
                pids(lb).values().stream().map(String::valueOf).toList());
    }

    @Test
    void replacesAWorkerKilledWithSigkillWhileNoGetFailsBarOneItWasAnswering() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(2)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
        long victim = pids(lb).get("worker-1");

        try (SteadyLoad load = SteadyLoad.start(URI.create("http://127.0.0.1:" + lb.port() + "/"), 2)) {
            await().until(() -> load.succeeded() > 50);
            ProcessHandle.of(victim).orElseThrow().destroyForcibly();
            await().atMost(STARTUP).until(() -> allUp(lb, 2) && pids(lb).get("worker-1") != victim);
            long replacement = pids(lb).get("worker-1");
            await().until(() -> load.answersByHeader().containsKey(String.valueOf(replacement)));
            load.close();
            // A response the worker had begun (its head already passed on to the client) cannot be retried
            // once the worker dies: at most one per client thread, and only of that kind. Every other request,
            // sent before, during or after the kill, must succeed.
            assertThat(load.failures()).hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(f -> assertThat(f).contains("fixed content-length").contains("bytes received"));
        }
        WorkerStatus worker1 = lb.workers().get(0);
        assertThat(worker1.restarts()).isEqualTo(1);
        assertThat(worker1.crashes()).isEqualTo(1);
        assertThat(worker1.lastError()).hasValueSatisfying(e -> assertThat(e).contains("exited with status 137 (SIGKILL)"));
        assertThat(events).filteredOn(e -> e.kind() == WorkerEvent.Kind.CRASHED)
                .singleElement().satisfies(e -> {
                    assertThat(e.worker()).isEqualTo("worker-1");
                    assertThat(e.pid()).hasValue(victim);
                });
    }

    @Test
    void rollingRestartUnderLoadFailsNoRequestAndReplacesEveryPid() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(2));
        Map<String, Long> before = pids(lb);

        try (SteadyLoad load = SteadyLoad.start(URI.create("http://127.0.0.1:" + lb.port() + "/"), 2)) {
            await().until(() -> load.succeeded() > 50);
            lb.restartWorkers().get(2, TimeUnit.MINUTES);
            Map<String, Long> after = pids(lb);
            await().until(() -> after.values().stream().allMatch(p -> load.answersByHeader().containsKey(p.toString())));
            load.close();
            assertThat(load.failures()).isEmpty();
            assertThat(after.keySet()).containsExactlyInAnyOrder("worker-1", "worker-2");
            after.forEach((id, pid) -> assertThat(pid).as(id).isNotEqualTo(before.get(id)));
        }
        assertThat(allUp(lb, 2)).isTrue();
        before.values().forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("old pid %s", pid)
                .isNotEqualTo(java.util.Optional.of(true)));
        assertThat(lb.workers()).allSatisfy(w -> {
            assertThat(w.restarts()).isEqualTo(1);
            assertThat(w.crashes()).isZero();
        });
    }

    @Test
    void aCommandThatExitsAtOnceBacksOffMoreEachTimeThenGivesUpWithAClearError() {
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        WorkersBuilder workers = Workers.command("sh -c 'exit 3'").count(1)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).crashLoopLimit(4)
                .listener(e -> {
                    if (e.kind() == WorkerEvent.Kind.STARTED) {
                        startedAt.add(System.nanoTime());
                    }
                });
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(workers.listener(events::add).build()).build();
        balancers.add(lb);

        assertThatThrownBy(lb::start).isInstanceOf(WorkerException.class)
                .hasMessageContaining("worker-1 crashed 4 times in a row, not respawning it (`sh -c 'exit 3'`)")
                .hasMessageContaining("exited with status 3");

        assertThat(events).filteredOn(e -> e.kind() == WorkerEvent.Kind.RESPAWN_SCHEDULED)
                .extracting(WorkerEvent::backoff)
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(startedAt).hasSize(4);
        for (int i = 1; i < startedAt.size(); i++) {
            long gap = startedAt.get(i) - startedAt.get(i - 1);
            assertThat(Duration.ofNanos(gap)).as("wait before start %s", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100L << (i - 1)));
        }
        assertThat(events).filteredOn(e -> e.kind() == WorkerEvent.Kind.GAVE_UP).hasSize(1);
        assertThat(lb.workers()).extracting(WorkerStatus::state).containsExactly(State.FAILED);
    }

    @Test
    void aProgramThatDoesNotExistIsRefusedAtStartNamingIt() {
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(Workers.command("no-such-program-xyz --port {port}").count(1).build()).build();
        balancers.add(lb);

        assertThatThrownBy(lb::start).isInstanceOf(WorkerException.class)
                .hasMessageContaining("worker command `no-such-program-xyz --port {port}`")
                .hasMessageContaining("program 'no-such-program-xyz' was not found on PATH");

        LoadBalancer byPath = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(Workers.command("/nonexistent/bin/app {port}").count(1).build()).build();
        balancers.add(byPath);
        assertThatThrownBy(byPath::start).isInstanceOf(WorkerException.class)
                .hasMessageContaining("/nonexistent/bin/app does not exist");
    }

    @Test
    void aCommandWithoutThePortPlaceholderGetsItsPortFromTheEnvironment() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command()).count(1));

        WorkerStatus worker = lb.workers().get(0);
        assertThat(get(lb, "/").body()).isEqualTo("pid=" + worker.pid().getAsLong() + " port=" + worker.port());
    }

    @Test
    void eachWorkerProcessIsToldItsIdAsTheBalancerNamesIt() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(2));

        Map<String, String> idsByPid = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get(lb, "/");
            idsByPid.put(response.headers().firstValue("X-Worker-Pid").orElseThrow(),
                    response.headers().firstValue("X-Worker-Id").orElseThrow());
        }
        Map<String, String> expected = new java.util.HashMap<>();
        pids(lb).forEach((id, pid) -> expected.put(Long.toString(pid), id));
        assertThat(idsByPid).isEqualTo(expected);
    }

    @Test
    void stoppingTheBalancerStopsEveryWorkerAndKillsOneThatIgnoresSigterm() {
        LoadBalancer lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .workers(Workers.command(WorkerProgram.command("{port}", "--ignore-sigterm")).count(2)
                        .stopGrace(Duration.ofMillis(500)).listener(events::add).build())
                .build();
        balancers.add(lb);
        lb.start();
        Map<String, Long> pids = pids(lb);

        lb.close();

        pids.values().forEach(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("worker pid %s after close()", pid).isEmpty());
        assertThat(events).filteredOn(e -> e.kind() == WorkerEvent.Kind.STOPPED)
                .extracting(WorkerEvent::detail).containsOnly("exited with status 137 (SIGKILL)").hasSize(2);
        assertThat(lb.workers()).extracting(WorkerStatus::state).containsOnly(State.STOPPED);
    }

    @Test
    void aWorkerThatFailsItsHealthChecksIsReplaced() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(2)
                        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                LoadBalancer.builder().healthCheck(HealthCheck.of("/health")
                        .withInterval(Duration.ofMillis(100)).withFall(2).withRise(1)));
        WorkerStatus sick = lb.workers().get(0);

        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sick.port() + "/sick"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        await().atMost(STARTUP).until(() -> allUp(lb, 2) && pids(lb).get("worker-1") != sick.pid().getAsLong());
        assertThat(lb.workers().get(0).lastError())
                .hasValueSatisfying(e -> assertThat(e).startsWith("stopped answering health checks"));
    }

    @Test
    void workerOutputGoesToAFilePerWorkerWhenConfigured(@TempDir Path logs) throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(1).logDirectory(logs));

        int port = lb.workers().get(0).port();
        await().until(() -> Files.exists(logs.resolve("worker-1.log"))
                && Files.readString(logs.resolve("worker-1.log")).contains("listening on " + port));
    }

    @Test
    void scalesUpAndThenDownDrainingTheHighestNumberedWorkers() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(1));

        lb.scaleWorkers(3).get(2, TimeUnit.MINUTES);
        assertThat(allUp(lb, 3)).isTrue();
        assertThat(lb.backends()).hasSize(3);
        Map<String, Long> three = pids(lb);

        lb.scaleWorkers(1).get(1, TimeUnit.MINUTES);
        assertThat(lb.workers()).extracting(WorkerStatus::id).containsExactly("worker-1");
        assertThat(lb.backends()).hasSize(1);
        assertThat(ProcessHandle.of(three.get("worker-3")).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(get(lb, "/").statusCode()).isEqualTo(200);
    }

    @Test
    void aSecondRestartWhileOneIsInProgressIsRefused() throws Exception {
        LoadBalancer lb = start(Workers.command(WorkerProgram.command("{port}")).count(1));

        var first = lb.restartWorkers();
        assertThatThrownBy(lb::restartWorkers).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a rolling restart is in progress");
        first.get(2, TimeUnit.MINUTES);
        lb.restartWorkers().get(2, TimeUnit.MINUTES);
    }

    private static HttpResponse<String> get(LoadBalancer lb, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
