package dev.multiserver.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.testkit.DemoChatClient;
import dev.multiserver.testkit.RedisServerExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code multiserver demo --processes} end to end, as a user runs it (the CLI jar): three worker JVMs behind the
 * balancer, sessions and chat on a real redis-server, driven through the balancer's port and admin API.
 */
class DemoProcessesIntegrationTest {

    private static final Set<String> WORKER_IDS = Set.of("worker-1", "worker-2", "worker-3");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Four JVMs starting on a small machine. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration REPLACED = Duration.ofSeconds(60);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    private static Path dir;
    private static DemoProcess demo;
    private static int appPort;
    private static int adminPort;
    /** Every worker pid seen, so that none may outlive the demo unnoticed. */
    private static final Set<Long> workerPids = ConcurrentHashMap.newKeySet();

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheDemo() throws Exception {
        // under target/, so that its output is there to read when a test fails
        dir = Files.createDirectories(Path.of("target", "demo-processes-it"));
        demo = DemoProcess.start(dir, List.of("--processes", "--port", "0", "--admin-port", "0", "--workers", "3",
                "--store", redis.uri(), "--sync", redis.uri()));
        appPort = demo.applicationPort(STARTUP);
        adminPort = demo.adminPort();
    }

    @AfterAll
    static void ctrlCStopsTheBalancerAndEveryWorkerProcess() throws Exception {
        if (demo == null) {
            return;
        }
        try {
            demo.close();
            assertThat(demo.process().isAlive()).as("the demo after SIGTERM").isFalse();
            await("every worker process to exit").atMost(Duration.ofSeconds(20)).until(() ->
                    workerPids.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                            .orElse(false)));
        } finally {
            workerPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @BeforeEach
    void allThreeWorkersUp() {
        await("three workers up").atMost(REPLACED).until(() -> upWorkers().size() == 3);
    }

    @Test
    void printsThatEachWorkerIsAProcessAndWhereItsSessionsAndChatLive() {
        assertThat(demo.out()).contains("multiserver demo: 3 worker process(es) of the demo application behind the "
                + "balancer (round-robin); sessions in " + redis.uri() + ", chat over " + redis.uri()
                + "; each worker caches /api/cached in its own memory");
    }

    @Test
    void eachWorkerIsItsOwnProcessNamedAsTheBalancerNamesIt() throws Exception {
        Map<String, Long> pids = upWorkers();
        assertThat(pids.keySet()).isEqualTo(WORKER_IDS);
        assertThat(new HashSet<>(pids.values())).hasSize(3).doesNotContain(demo.process().pid());

        Map<String, Long> answered = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> whoami = send(get("/api/whoami"));
            JsonNode body = JSON.readTree(whoami.body());
            assertThat(whoami.headers().firstValue("X-Worker")).hasValue(body.get("worker").asText());
            answered.put(body.get("worker").asText(), body.get("pid").asLong());
        }
        assertThat(answered).hasSizeGreaterThanOrEqualTo(2);
        answered.forEach((worker, pid) -> assertThat(pid).as("pid of %s", worker).isEqualTo(pids.get(worker)));
    }

    @Test
    void aSessionValueSetThroughTheBalancerIsSeenByEveryWorker() throws Exception {
        HttpResponse<String> set = send(post("/api/session", "key=colour&value=green"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        assertThat(workersServingTheSession("{\"colour\": \"green\"}")).hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf(WORKER_IDS);
    }

    @Test
    void aChatMessageFromAClientOnOneWorkerReachesAClientOnAnother() throws Exception {
        List<DemoChatClient> clients = new ArrayList<>();
        try {
            DemoChatClient first = DemoChatClient.connect(browser, appPort, "?room=lobby");
            clients.add(first);
            String firstWorker = workerOf(first, "first");
            DemoChatClient other = null;
            for (int attempt = 0; attempt < 3 && other == null; attempt++) {
                DemoChatClient candidate = DemoChatClient.connect(browser, appPort, "?room=lobby");
                clients.add(candidate);
                if (!workerOf(candidate, "candidate-" + attempt).equals(firstWorker)) {
                    other = candidate;
                }
            }
            assertThat(other).as("a second client on a worker other than %s", firstWorker).isNotNull();

            first.say("hello from the first tab");

            String received = other.nextContaining("hello from the first tab", Duration.ofSeconds(10));
            assertThat(received).as("the client on another worker process received it").isNotNull();
            assertThat(JSON.readTree(received)).isEqualTo(JSON.createObjectNode().put("room", "lobby")
                    .put("from", firstWorker).put("text", "hello from the first tab"));
        } finally {
            clients.forEach(DemoChatClient::close);
        }
    }

    @Test
    void cachedRepeatsItsBodyFromTheCacheOfTheWorkerThatAnswers() throws Exception {
        Map<String, List<HttpResponse<String>>> byWorker = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = send(get("/api/cached"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
            byWorker.computeIfAbsent(response.headers().firstValue("X-Worker").orElseThrow(), w -> new ArrayList<>())
                    .add(response);
        }

        assertThat(byWorker.values()).as("some worker answered twice").anyMatch(responses -> responses.size() >= 2);
        byWorker.forEach((worker, responses) -> {
            String first = responses.get(0).body();
            assertThat(first).contains(worker);
            assertThat(responses.subList(1, responses.size())).as("%s's repeats", worker).allSatisfy(repeat -> {
                assertThat(repeat.body()).isEqualTo(first);
                assertThat(repeat.headers().firstValue("X-Cache")).hasValue("HIT");
            });
        });
    }

    @Test
    void aWorkerRestartedThroughTheAdminApiIsReplacedAndTheSessionSurvives() throws Exception {
        send(post("/api/session", "key=colour&value=blue"));
        long before = upWorkers().get("worker-2");

        HttpResponse<String> restart = send(HttpRequest.newBuilder(admin("/workers/restart?id=worker-2"))
                .POST(BodyPublishers.noBody()));
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);

        awaitReplaced("worker-2", before);
        assertThat(workersServingTheSession("{\"colour\": \"blue\"}")).contains("worker-2");
    }

    @Test
    void aWorkerProcessKilledIsReplacedAndTheSessionSurvives() throws Exception {
        send(post("/api/session", "key=colour&value=red"));
        long before = upWorkers().get("worker-3");

        assertThat(ProcessHandle.of(before).map(ProcessHandle::destroyForcibly)).as("worker-3, pid %s", before)
                .hasValue(true);

        awaitReplaced("worker-3", before);
        assertThat(workersServingTheSession("{\"colour\": \"red\"}")).contains("worker-3");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Waits until {@code worker} is up again as another process, and the one it replaced has exited. */
    private void awaitReplaced(String worker, long oldPid) {
        await(worker + " replaced").atMost(REPLACED).until(() -> {
            Map<String, Long> up = upWorkers();
            return up.size() == 3 && up.get(worker) != oldPid;
        });
        await("the old " + worker + " gone").atMost(Duration.ofSeconds(15)).until(() ->
                ProcessHandle.of(oldPid).map(process -> !process.isAlive()).orElse(true));
    }

    /** Asks for the session until every worker answered it (or 12 times); checks each answer; who answered. */
    private Set<String> workersServingTheSession(String expected) throws Exception {
        Set<String> workers = new HashSet<>();
        for (int i = 0; i < 12 && workers.size() < 3; i++) {
            HttpResponse<String> session = send(get("/api/session"));
            assertThat(session.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(session.body())).isEqualTo(JSON.readTree(expected));
            workers.add(session.headers().firstValue("X-Worker").orElseThrow());
        }
        return workers;
    }

    /** Says something and reads its own echo: the worker the client is on, and proof that it joined the room. */
    private static String workerOf(DemoChatClient client, String name) throws Exception {
        client.say(name + " is here");
        String echo = client.nextContaining(name + " is here", Duration.ofSeconds(10));
        assertThat(echo).as("%s's own echo", name).isNotNull();
        return JSON.readTree(echo).get("from").asText();
    }

    /** The pid of each worker that is UP, by id, as {@code GET /workers} lists them. */
    private Map<String, Long> upWorkers() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(admin("/workers")).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Long> pids = new HashMap<>();
        for (JsonNode worker : JSON.readTree(response.body()).get("workers")) {
            if (!worker.get("pid").isNull()) {
                workerPids.add(worker.get("pid").asLong());
            }
            if (worker.get("state").asText().equals("UP")) {
                pids.put(worker.get("id").asText(), worker.get("pid").asLong());
            }
        }
        return pids;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + path)).GET();
    }

    private HttpRequest.Builder post(String path, String form) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }
}
