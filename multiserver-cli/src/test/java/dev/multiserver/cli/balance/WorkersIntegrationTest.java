package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.testkit.WorkerProgram;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiserver balance --spawn} as users run it: the command in a JVM of its own, its workers
 * {@link WorkerProgram} processes, observed through the balancer's port, the admin API and the process
 * table.
 */
class WorkersIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing http://[^ ]+:(\\d+) across");
    private static final Pattern ADMIN = Pattern.compile("admin server on http://[^ ]+:(\\d+)/");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<BalanceProcess> balancers = new ArrayList<>();
    /** Every worker seen, so that none outlives a failed test. Handles, not pids: a pid may be reused. */
    private final Queue<ProcessHandle> workersSeen = new ConcurrentLinkedQueue<>();

    @AfterEach
    void killEverythingStarted() {
        for (BalanceProcess balance : balancers) {
            balance.process().descendants().forEach(workersSeen::add);
            balance.process().destroyForcibly();
        }
        workersSeen.forEach(ProcessHandle::destroyForcibly);
        for (BalanceProcess balance : balancers) {
            balance.process().onExit().orTimeout(10, SECONDS).join();
        }
    }

    @Test
    void keepsThreeWorkersServingThroughAKillAndARollingRestart() throws Exception {
        int clients = 2;
        BalanceProcess balance = start("--spawn", WorkerProgram.command("{port}"), "--workers", "3");
        List<Worker> first = awaitWorkers(balance, workers -> true);
        assertThat(first).extracting(Worker::id).containsExactly("worker-1", "worker-2", "worker-3");
        assertThat(servingPids(balance)).isEqualTo(pids(first));

        Load load = new Load(uri(balance, "/"), clients);
        List<Worker> restarted;
        long victimDead;
        try (load) {
            awaitMoreSuccesses(load);
            Worker victim = first.get(1);
            load.phase = "after kill -9 of " + victim;
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            await("the killed worker to end").atMost(Duration.ofSeconds(10)).until(() -> !running(victim.pid()));
            victimDead = System.nanoTime();

            List<Worker> respawned = awaitWorkers(balance, workers -> pidOf(workers, victim.id()) != victim.pid());
            assertThat(respawned).as("only the killed worker was replaced")
                    .filteredOn(worker -> !worker.id().equals(victim.id())).containsExactlyElementsOf(
                            first.stream().filter(worker -> !worker.id().equals(victim.id())).toList());
            awaitMoreSuccesses(load);

            load.phase = "during the rolling restart";
            assertThat(post(adminUri(balance, "/workers/restart")).statusCode()).isEqualTo(202);
            Set<Long> before = pids(respawned);
            restarted = awaitWorkers(balance, workers -> pids(workers).stream().noneMatch(before::contains));
            await("the replaced workers to end").atMost(Duration.ofSeconds(30))
                    .until(() -> before.stream().noneMatch(WorkersIntegrationTest::running));
            load.phase = "after the rolling restart";
            awaitMoreSuccesses(load);
        }
        // A response the killed worker had begun to send cannot be retried: the balancer had passed its headers
        // on, so it can only cut the client's response short. Nothing else may fail: not a request sent after
        // the kill, nor one during the rolling restart.
        List<Failure> cutShortByTheKill = load.failures.stream().filter(failure -> failure.startedAt() < victimDead
                && failure.phase().startsWith("after kill") && failure.problem().contains("fixed content-length"))
                .toList();
        assertThat(cutShortByTheKill).hasSizeLessThanOrEqualTo(clients);
        assertThat(load.failures).as("failed requests; the balancer's log:%n%s", balance.err())
                .containsExactlyElementsOf(cutShortByTheKill);
        assertThat(servingPids(balance)).isEqualTo(pids(restarted));
    }

    @Test
    void sigtermStopsTheBalancerAndEveryWorkerGracefully() throws Exception {
        BalanceProcess balance = start("--spawn", WorkerProgram.command("{port}"), "--workers", "3");
        List<Worker> workers = awaitWorkers(balance, all -> true);

        balance.process().destroy();

        await("the balancer to exit").atMost(Duration.ofSeconds(30)).until(() -> !balance.process().isAlive());
        await("every worker to end").atMost(Duration.ofSeconds(10))
                .until(() -> pids(workers).stream().noneMatch(WorkersIntegrationTest::running));
        // Told to stop (SIGTERM), not killed by the kernel as their parent went away.
        for (Worker worker : workers) {
            assertThat(balance.err().lines()).as(balance.err())
                    .anyMatch(line -> line.contains("pid " + worker.pid() + ",") && line.contains("STOPPED")
                            && line.contains("SIGTERM"));
        }
    }

    @Test
    void theWorkersDieWithTheBalancerWhenItIsKilled() throws Exception {
        BalanceProcess balance = start("--spawn", WorkerProgram.command("{port}"), "--workers", "3");
        List<Worker> workers = awaitWorkers(balance, all -> true);

        balance.process().destroyForcibly();

        await("every worker to end").atMost(Duration.ofSeconds(5))
                .until(() -> pids(workers).stream().noneMatch(WorkersIntegrationTest::running));
    }

    @Test
    void aWorkerProgramThatDoesNotExistEndsTheCommandWithStatus1NamingIt() throws Exception {
        BalanceProcess balance = start("--spawn", "no-such-program-xyz {port}");

        assertThat(balance.process().waitFor(BalanceProcess.STARTUP.toSeconds(), SECONDS)).as("exited").isTrue();

        assertThat(balance.process().exitValue()).isEqualTo(1);
        assertThat(balance.err()).contains("balance: worker command `no-such-program-xyz {port}`: program "
                + "'no-such-program-xyz' was not found on PATH").doesNotContain("\tat ");
        assertThat(balance.out()).isEmpty();
    }

    @Test
    void aWorkerThatKeepsCrashingAtStartEndsTheCommandWithStatus1() throws Exception {
        BalanceProcess balance = start("--spawn", "false {port}", "--workers", "1", "--worker-backoff", "10ms",
                "--worker-crash-loop-limit", "2");

        assertThat(balance.process().waitFor(BalanceProcess.STARTUP.toSeconds(), SECONDS)).as("exited").isTrue();

        assertThat(balance.process().exitValue()).isEqualTo(1);
        assertThat(balance.err()).contains("balance: worker-1 crashed 2 times in a row, not respawning it "
                + "(`false {port}`); last: exited with status 1");
    }

    // ---- the balancer process ---------------------------------------------------------------------

    /** Starts {@code multiserver balance ARGS} on free loopback ports, with its admin server. */
    private BalanceProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--admin-port", "0"));
        command.addAll(List.of(args));
        BalanceProcess balance = BalanceProcess.start(dir, "balance-" + balancers.size(), command);
        balancers.add(balance);
        return balance;
    }

    private static URI uri(BalanceProcess balance, String path) {
        return URI.create("http://127.0.0.1:" + balance.port(LISTENING) + path);
    }

    private static URI adminUri(BalanceProcess balance, String path) {
        return URI.create("http://127.0.0.1:" + balance.port(ADMIN) + path);
    }

    // ---- workers ----------------------------------------------------------------------------------

    /** One worker as {@code GET /workers} shows it. */
    private record Worker(String id, String state, long pid) {
    }

    /** Waits until {@code GET /workers} shows three workers up that pass {@code condition}. */
    private List<Worker> awaitWorkers(BalanceProcess balance, Predicate<List<Worker>> condition) {
        URI uri = adminUri(balance, "/workers");
        return await("three workers up").atMost(BalanceProcess.STARTUP).until(() -> workers(uri),
                workers -> workers.size() == 3 && workers.stream().allMatch(w -> w.state().equals("UP"))
                        && condition.test(workers));
    }

    private List<Worker> workers(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Worker> workers = new ArrayList<>();
        for (JsonNode worker : json.readTree(response.body()).get("workers")) {
            long pid = worker.get("pid").asLong();
            workers.add(new Worker(worker.get("id").asText(), worker.get("state").asText(), pid));
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(workersSeen::add);
            }
        }
        return workers;
    }

    private static Set<Long> pids(List<Worker> workers) {
        return workers.stream().map(Worker::pid).collect(Collectors.toSet());
    }

    private static long pidOf(List<Worker> workers, String id) {
        return workers.stream().filter(w -> w.id().equals(id)).mapToLong(Worker::pid).findFirst().orElse(-1);
    }

    /**
     * Whether the process runs. A worker killed after its parent died stays a zombie until init reaps
     * it, and some containers' init never does; {@link ProcessHandle#isAlive()} counts a zombie as alive.
     */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    // ---- requests ---------------------------------------------------------------------------------

    /** The X-Worker-Pid values of six GETs through the balancer: with round-robin, every worker's. */
    private Set<Long> servingPids(BalanceProcess balance) throws IOException, InterruptedException {
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(balance, "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            pids.add(Long.parseLong(response.headers().firstValue("X-Worker-Pid").orElseThrow()));
        }
        return pids;
    }

    private HttpResponse<String> post(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitMoreSuccesses(Load load) {
        int now = load.successes.get();
        await("requests to keep succeeding").atMost(Duration.ofSeconds(30))
                .until(() -> load.successes.get() >= now + 20);
    }

    /** A request that did not get a 200: when it started, during what, and what it got instead. */
    private record Failure(long startedAt, String phase, String problem) {
    }

    /** GETs in a loop on a few threads, counting what a user would: 200s, and everything else as failures. */
    private final class Load implements AutoCloseable {

        final AtomicInteger successes = new AtomicInteger();
        final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;
        /** What the test is doing, for the failures' messages. */
        volatile String phase = "before any crash";

        Load(URI uri, int threadCount) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < threadCount; i++) {
                Thread thread = new Thread(() -> {
                    while (running) {
                        String during = phase;
                        long startedAt = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                successes.incrementAndGet();
                            } else {
                                failures.add(new Failure(startedAt, during, response.statusCode() + " "
                                        + response.body()));
                            }
                        } catch (IOException e) {
                            failures.add(new Failure(startedAt, during, e.toString()));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "load-" + i);
                thread.start();
                threads.add(thread);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(15).toMillis());
                thread.interrupt();
            }
        }
    }
}
