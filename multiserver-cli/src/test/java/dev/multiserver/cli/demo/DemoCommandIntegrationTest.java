package dev.multiserver.cli.demo;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cli.Main;
import dev.multiserver.testkit.DemoChatClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code multiserver demo} end to end, with three in-process workers, through the balancer's port and admin API
 * as a visitor and an operator would use them.
 */
class DemoCommandIntegrationTest {

    private static final Set<String> WORKER_IDS = Set.of("worker-1", "worker-2", "worker-3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();
    private CompletableFuture<Integer> exit;
    private LoadBalancer balancer;

    @BeforeEach
    void startTheDemo() throws Exception {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        DemoCommand command = cli.getSubcommands().get("demo").getCommand();
        exit = CompletableFuture.supplyAsync(() -> cli.execute("demo", "--port", "0", "--admin-port", "0",
                "--workers", "3"));
        balancer = command.started().toCompletableFuture().get(30, SECONDS);
    }

    @AfterEach
    void stopTheDemo() throws Exception {
        List<Integer> ports = workerPorts();
        balancer.close();
        assertThat(exit.get(20, SECONDS)).as(stderr.toString()).isZero();
        for (int port : ports) {
            assertThat(refuses(port)).as("worker port %s closed", port).isTrue();
        }
    }

    @Test
    void printsTheApplicationAndDashboardUrls() {
        int admin = balancer.adminAddress().orElseThrow().getPort();
        assertThat(stdout.toString())
                .contains("multiserver demo: 3 worker(s) of the demo application behind the balancer (round-robin); "
                        + "sessions in memory (shared by the workers), chat over memory (shared by the workers)")
                .contains("  application: http://localhost:" + balancer.port() + "/")
                .contains("  dashboard:   http://127.0.0.1:" + admin + "/");
    }

    @Test
    void aSessionValueSetThroughTheBalancerIsSeenByEveryWorker() throws Exception {
        HttpResponse<String> set = send(post("/api/session", "key=colour&value=green"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

        Set<String> workers = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            HttpResponse<String> session = send(get("/api/session"));
            assertThat(session.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(session.body())).isEqualTo(JSON.readTree("{\"colour\": \"green\"}"));
            workers.add(session.headers().firstValue("X-Worker").orElseThrow());
        }
        assertThat(workers).hasSizeGreaterThanOrEqualTo(2).isSubsetOf(WORKER_IDS);
    }

    @Test
    void aChatMessageFromAClientOnOneWorkerReachesAClientOnAnother() throws Exception {
        List<DemoChatClient> clients = new ArrayList<>();
        try {
            DemoChatClient first = DemoChatClient.connect(browser, balancer.port(), "?room=lobby");
            clients.add(first);
            String firstWorker = workerOf(first, "first");
            DemoChatClient other = null;
            String otherWorker = null;
            for (int attempt = 0; attempt < 3 && other == null; attempt++) {
                DemoChatClient candidate = DemoChatClient.connect(browser, balancer.port(), "?room=lobby");
                clients.add(candidate);
                String worker = workerOf(candidate, "candidate-" + attempt);
                if (!worker.equals(firstWorker)) {
                    other = candidate;
                    otherWorker = worker;
                }
            }
            assertThat(other).as("a second client on a worker other than %s", firstWorker).isNotNull();

            first.say("hello from the first tab");

            String received = other.nextContaining("hello from the first tab", Duration.ofSeconds(5));
            assertThat(received).as("the client on %s received it", otherWorker).isNotNull();
            assertThat(JSON.readTree(received)).isEqualTo(JSON.createObjectNode().put("room", "lobby")
                    .put("from", firstWorker).put("text", "hello from the first tab"));
        } finally {
            clients.forEach(DemoChatClient::close);
        }
    }

    @Test
    void cachedRepeatsItsBodyWhicheverWorkerAnswers() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(send(get("/api/cached")));
        }

        String first = responses.get(0).body();
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
            assertThat(response.body()).isEqualTo(first);
        });
        assertThat(responses.subList(1, 4)).allSatisfy(response ->
                assertThat(response.headers().firstValue("X-Cache")).hasValue("HIT"));
        assertThat(responses.stream().map(response -> response.headers().firstValue("X-Worker").orElseThrow())
                .distinct().count()).as("answered by several workers").isGreaterThanOrEqualTo(2);
    }

    @Test
    void workersRestartedThroughTheAdminApiAreReplacedAndTheSessionSurvives() throws Exception {
        send(post("/api/session", "key=colour&value=green"));
        List<Integer> before = workerPorts();
        assertThat(before).hasSize(3);

        HttpResponse<String> restart = send(HttpRequest.newBuilder(admin("/workers/restart"))
                .POST(BodyPublishers.noBody()));
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);

        await("three replacements up").atMost(Duration.ofSeconds(30)).until(() -> {
            List<Integer> now = upWorkerPorts();
            return now.size() == 3 && now.stream().noneMatch(before::contains);
        });
        List<Integer> after = workerPorts();
        Set<Integer> servedFrom = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> session = send(get("/api/session"));
            assertThat(JSON.readTree(session.body())).isEqualTo(JSON.readTree("{\"colour\": \"green\"}"));
            assertThat(session.headers().firstValue("X-Worker").orElseThrow()).isIn(WORKER_IDS);
            servedFrom.add(JSON.readTree(send(get("/api/whoami")).body()).get("port").asInt());
        }
        assertThat(servedFrom).isSubsetOf(after).doesNotContainAnyElementsOf(before);
        for (int port : before) {
            assertThat(refuses(port)).as("replaced worker port %s closed", port).isTrue();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Says something and reads its own echo: the worker the client is on, and proof that it joined the room. */
    private static String workerOf(DemoChatClient client, String name) throws Exception {
        client.say(name + " is here");
        String echo = client.nextContaining(name + " is here", Duration.ofSeconds(5));
        assertThat(echo).as("%s's own echo", name).isNotNull();
        return JSON.readTree(echo).get("from").asText();
    }

    private List<Integer> workerPorts() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode worker : workersJson()) {
            ports.add(worker.get("port").asInt());
        }
        return ports;
    }

    private List<Integer> upWorkerPorts() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode worker : workersJson()) {
            if (worker.get("state").asText().equals("UP")) {
                ports.add(worker.get("port").asInt());
            }
        }
        return ports;
    }

    private JsonNode workersJson() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(admin("/workers")).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("workers");
    }

    private static boolean refuses(int port) throws IOException {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(app(path)).GET();
    }

    private HttpRequest.Builder post(String path, String form) {
        return HttpRequest.newBuilder(app(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private URI app(String path) {
        return URI.create("http://127.0.0.1:" + balancer.port() + path);
    }

    private URI admin(String path) {
        return URI.create("http://127.0.0.1:" + balancer.adminAddress().orElseThrow().getPort() + path);
    }
}
