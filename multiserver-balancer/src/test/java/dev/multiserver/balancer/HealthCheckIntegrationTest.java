package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import dev.multiserver.testkit.ReceivedRequest;
import dev.multiserver.testkit.TestBackend;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Active checks probe each backend's health path; passive checks eject a backend whose traffic keeps failing. */
class HealthCheckIntegrationTest {

    /**
     * Fast checks with a timeout generous enough that a healthy backend never fails two in a row, even
     * while a cold JVM on a busy machine takes a few hundred milliseconds over its first ones.
     */
    private static final HealthCheck FAST_CHECKS = fastChecksOf("/health");

    private final Started started = new Started();
    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();

    private static HealthCheck fastChecksOf(String path) {
        return HealthCheck.of(path).withInterval(Duration.ofMillis(50)).withTimeout(Duration.ofSeconds(1))
                .withFall(2).withRise(2);
    }

    @AfterEach
    void closeAll() throws Exception {
        started.close();
    }

    private TestBackend backend(String id) {
        return started.backend(id);
    }

    private LoadBalancer balancer(LoadBalancerBuilder builder, TestBackend... backends) {
        return started.balancer(builder.listener(events::add), backends);
    }

    private static RawHttpClient.Response get(LoadBalancer lb, String target) throws IOException {
        return Started.get(lb, target);
    }

    private static BackendStatus statusOf(LoadBalancer lb, TestBackend backend) {
        return lb.backendStatus().stream().filter(s -> s.backend().equals(Backend.of(backend.uri()))).findFirst()
                .orElseThrow();
    }

    private List<BackendEvent> eventsOf(TestBackend backend, BackendEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind && e.backend().equals(Backend.of(backend.uri())))
                .toList();
    }

    /** Waits for the {@code nth} (1-based) event of that kind for that backend. */
    private BackendEvent awaitEvent(TestBackend backend, BackendEvent.Kind kind, int nth) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> eventsOf(backend, kind).size() >= nth);
        return eventsOf(backend, kind).get(nth - 1);
    }

    /** Sends requests one after the other until the backend has had {@code nth} DOWN events; at most 40. */
    private void requestUntilDown(LoadBalancer lb, TestBackend backend, int nth) throws IOException {
        for (int i = 0; i < 40 && eventsOf(backend, BackendEvent.Kind.DOWN).size() < nth; i++) {
            get(lb, "/traffic");
        }
    }

    /** {@code sick} answers its health path with {@code health}, everything else as scripted. */
    private static void answerHealthWith(TestBackend sick, AtomicReference<HttpResponseStatus> health) {
        sick.respondWith((request, responder) -> {
            if (request.uri().equals("/health")) {
                responder.respond(health.get(), "health: " + health.get());
            } else {
                responder.respondAsScripted();
            }
        });
    }

    private static void respondWith500(TestBackend backend) {
        backend.respondWith((request, responder) ->
                responder.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, "broken"));
    }

    private static long nonHealthRequests(TestBackend backend) {
        return backend.requestUris().stream().filter(uri -> !uri.equals("/health")).count();
    }

    // ---- active ----------------------------------------------------------------------------------------

    @Test
    void takesABackendOutWhileItsHealthPathFailsAndBringsItBackWhenItPasses() throws Exception {
        TestBackend healthy = backend("healthy");
        TestBackend sick = backend("sick");
        AtomicReference<HttpResponseStatus> health = new AtomicReference<>(HttpResponseStatus.SERVICE_UNAVAILABLE);
        answerHealthWith(sick, health);
        LoadBalancer lb = balancer(LoadBalancer.builder().healthCheck(FAST_CHECKS), healthy, sick);

        BackendEvent down = awaitEvent(sick, BackendEvent.Kind.DOWN, 1);
        assertThat(down.reason()).contains("/health").contains("503");
        assertThat(statusOf(lb, sick).state()).isEqualTo(State.DOWN);
        assertThat(statusOf(lb, healthy).state()).isEqualTo(State.UP);

        long sickTrafficBefore = nonHealthRequests(sick);
        for (int i = 0; i < 30; i++) {
            RawHttpClient.Response response = get(lb, "/while-down-" + i);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Backend-Id")).isEqualTo("healthy");
        }
        assertThat(nonHealthRequests(sick)).isEqualTo(sickTrafficBefore);

        health.set(HttpResponseStatus.OK);
        BackendEvent up = awaitEvent(sick, BackendEvent.Kind.UP, 1);
        assertThat(up.reason()).contains("/health");
        assertThat(statusOf(lb, sick).state()).isEqualTo(State.UP);
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(get(lb, "/after-recovery-" + i).header("X-Backend-Id"));
        }
        assertThat(servedBy).containsOnly("healthy", "sick");
        assertThat(servedBy).filteredOn("sick"::equals).hasSize(2);
    }

    @Test
    void takesABackendThatRefusesConnectionsOut() throws Exception {
        TestBackend healthy = backend("healthy");
        TestBackend gone = backend("gone");
        gone.refuseConnections();
        LoadBalancer lb = balancer(LoadBalancer.builder().healthCheck(FAST_CHECKS), healthy, gone);

        BackendEvent down = awaitEvent(gone, BackendEvent.Kind.DOWN, 1);
        assertThat(down.reason()).contains("/health").containsIgnoringCase("connect");
        assertThat(statusOf(lb, gone).state()).isEqualTo(State.DOWN);

        for (int i = 0; i < 6; i++) {
            assertThat(get(lb, "/r" + i).header("X-Backend-Id")).isEqualTo("healthy");
        }
        // Not even tried and retried elsewhere: the balancer never picked it.
        assertThat(statusOf(lb, gone).requests()).isZero();
    }

    @Test
    void takesABackendOutWhenItsHealthPathDoesNotAnswerWithinTheTimeout() {
        TestBackend hanging = backend("hanging");
        hanging.respondWith((request, responder) -> {
            // Never answers: the check's own timeout must end it.
        });
        LoadBalancer lb = balancer(LoadBalancer.builder()
                .healthCheck(fastChecksOf("/health").withTimeout(Duration.ofMillis(200))), hanging);

        BackendEvent down = awaitEvent(hanging, BackendEvent.Kind.DOWN, 1);
        assertThat(down.reason()).contains("/health").contains("no answer within 200 ms");
        assertThat(statusOf(lb, hanging).state()).isEqualTo(State.DOWN);
    }

    @Test
    void healthChecksGetTheConfiguredPathWithTheirOwnUserAgent() {
        TestBackend backend = backend("b");
        balancer(LoadBalancer.builder().healthCheck(fastChecksOf("/internal/ready")), backend);

        await().atMost(Duration.ofSeconds(5)).until(() -> backend.requestCount() >= 2);
        assertThat(backend.requestUris()).containsOnly("/internal/ready");
        ReceivedRequest check = backend.lastRequest();
        assertThat(check.method()).isEqualTo("GET");
        assertThat(check.header("User-Agent")).isEqualTo("multiserver-health-check");
        assertThat(check.header("Host")).isEqualTo("127.0.0.1:" + backend.port());
    }

    // ---- passive ---------------------------------------------------------------------------------------

    @Test
    void ejectsABackendWhoseRequestsKeepFailingAndSendsItNothingWhileEjected() throws Exception {
        TestBackend healthy = backend("healthy");
        TestBackend broken = backend("broken");
        respondWith500(broken);
        LoadBalancer lb = balancer(LoadBalancer.builder()
                .passiveHealthCheck(PassiveHealthCheck.ofConsecutiveFailures(3)), healthy, broken);

        requestUntilDown(lb, broken, 1);
        BackendEvent down = awaitEvent(broken, BackendEvent.Kind.DOWN, 1);
        assertThat(down.reason()).contains("500").contains("ejected");
        assertThat(broken.requestCount()).isEqualTo(3);
        assertThat(statusOf(lb, broken).state()).isEqualTo(State.DOWN);

        for (int i = 0; i < 10; i++) {
            RawHttpClient.Response response = get(lb, "/while-ejected-" + i);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("X-Backend-Id")).isEqualTo("healthy");
        }
        assertThat(broken.requestCount()).isEqualTo(3);
    }

    @Test
    void readmitsAnEjectedBackendAfterTheEjectionTimeAndDoublesItWhenItFailsAgainSoon() throws Exception {
        TestBackend healthy = backend("healthy");
        TestBackend broken = backend("broken");
        respondWith500(broken);
        LoadBalancer lb = balancer(LoadBalancer.builder().passiveHealthCheck(
                PassiveHealthCheck.ofConsecutiveFailures(3).withEjectionTime(Duration.ofMillis(300))), healthy, broken);

        requestUntilDown(lb, broken, 1);
        BackendEvent firstDown = awaitEvent(broken, BackendEvent.Kind.DOWN, 1);
        assertThat(firstDown.reason()).contains("500").contains("ejected for 300 ms");
        BackendEvent firstUp = awaitEvent(broken, BackendEvent.Kind.UP, 1);
        assertThat(firstUp.reason()).isEqualTo("ejection over");
        assertThat(Duration.between(firstDown.at(), firstUp.at())).isGreaterThanOrEqualTo(Duration.ofMillis(280));

        requestUntilDown(lb, broken, 2);
        BackendEvent secondDown = awaitEvent(broken, BackendEvent.Kind.DOWN, 2);
        assertThat(secondDown.reason()).contains("ejected for 600 ms");
        BackendEvent secondUp = awaitEvent(broken, BackendEvent.Kind.UP, 2);
        assertThat(Duration.between(secondDown.at(), secondUp.at())).isGreaterThanOrEqualTo(Duration.ofMillis(580));
        assertThat(statusOf(lb, broken).state()).isEqualTo(State.UP);
    }

    @Test
    void neverEjectsTheLastBackendThatIsUp() throws Exception {
        TestBackend only = backend("only");
        respondWith500(only);
        LoadBalancer lb = balancer(LoadBalancer.builder().passiveHealthCheck(
                PassiveHealthCheck.ofConsecutiveFailures(3).withEjectionTime(Duration.ofMillis(300))), only);

        for (int i = 0; i < 20; i++) {
            RawHttpClient.Response response = get(lb, "/r" + i);
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.bodyText()).isEqualTo("broken");
        }
        assertThat(only.requestCount()).isEqualTo(20);
        assertThat(statusOf(lb, only).state()).isEqualTo(State.UP);
        assertThat(eventsOf(only, BackendEvent.Kind.DOWN)).isEmpty();
    }

    @Test
    void ejectsNothingWhenPassiveChecksAreDisabled() throws Exception {
        TestBackend healthy = backend("healthy");
        TestBackend broken = backend("broken");
        respondWith500(broken);
        LoadBalancer lb = balancer(LoadBalancer.builder().passiveHealthCheck(PassiveHealthCheck.disabled()),
                healthy, broken);

        int failed = 0;
        for (int i = 0; i < 20; i++) {
            if (get(lb, "/r" + i).status() == 500) {
                failed++;
            }
        }
        assertThat(failed).isEqualTo(10);
        assertThat(broken.requestCount()).isEqualTo(10);
        assertThat(statusOf(lb, broken).state()).isEqualTo(State.UP);
        assertThat(events).noneMatch(e -> e.kind() == BackendEvent.Kind.DOWN);
    }
}
