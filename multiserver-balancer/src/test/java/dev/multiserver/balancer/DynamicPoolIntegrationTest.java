package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.BackendEvent.Kind;
import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backends added, removed and drained while the balancer runs, and the slow start of a new one. */
class DynamicPoolIntegrationTest {

    private final Started started = new Started();
    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        started.close();
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        return started.closeLater(resource);
    }

    private LoadBalancer balancer(LoadBalancerBuilder builder, TestBackend... backends) {
        return started.balancer(builder.listener(events::add), backends);
    }

    private static Backend backendOf(TestBackend backend) {
        return Backend.of(backend.uri());
    }

    private static RawHttpClient.Response get(LoadBalancer lb, String target) throws IOException {
        return Started.get(lb, target);
    }

    /** Sends a request and leaves it in flight: read its response from the returned client. */
    private RawHttpClient sendAndKeepWaiting(LoadBalancer lb, String target) throws IOException {
        RawHttpClient client = closeLater(new RawHttpClient(lb.port()));
        client.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        return client;
    }

    /** Which backend served each of {@code n} sequential requests on one keep-alive connection. */
    private static List<String> servedBy(LoadBalancer lb, int n) throws IOException {
        List<String> ids = new ArrayList<>();
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            for (int i = 0; i < n; i++) {
                client.send("GET /r" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                RawHttpClient.Response response = client.read();
                assertThat(response.status()).isEqualTo(200);
                ids.add(response.header("X-Backend-Id"));
            }
        }
        return ids;
    }

    private List<Kind> eventKindsOf(TestBackend backend) {
        return events.stream().filter(e -> e.backend().equals(backendOf(backend))).map(BackendEvent::kind).toList();
    }

    private static BackendStatus statusOf(LoadBalancer lb, TestBackend backend) {
        return lb.backendStatus().stream().filter(s -> s.backend().equals(backendOf(backend))).findFirst()
                .orElseThrow();
    }

    // ---- adding ----------------------------------------------------------------------------------------

    @Test
    void aBackendAddedAtRuntimeTakesItsTurnAtOnce() throws Exception {
        TestBackend first = closeLater(TestBackend.start("first"));
        TestBackend added = closeLater(TestBackend.start("added"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), first);

        lb.addBackend(backendOf(added));

        assertThat(lb.backends()).containsExactly(backendOf(first), backendOf(added));
        assertThat(eventKindsOf(added)).containsExactly(Kind.ADDED);
        assertThat(servedBy(lb, 4)).containsExactly("first", "added", "first", "added");
    }

    @Test
    void refusesToAddABackendAlreadyInThePoolAndToRemoveOneThatIsNot() {
        TestBackend member = closeLater(TestBackend.start("member"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), member);
        String authority = "127.0.0.1:" + member.port();

        assertThatThrownBy(() -> lb.addBackend(backendOf(member).withWeight(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(authority);
        Backend stranger = Backend.of("127.0.0.1", 1);
        assertThatThrownBy(() -> lb.removeBackend(stranger))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("127.0.0.1:1");
        assertThatThrownBy(() -> lb.drainBackend(stranger))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("127.0.0.1:1");
        assertThat(lb.backends()).containsExactly(backendOf(member));
    }

    // ---- removing --------------------------------------------------------------------------------------

    @Test
    void aRemovedBackendGetsNoNewRequestsButFinishesTheOneItHas() throws Exception {
        TestBackend leaving = closeLater(TestBackend.start("leaving"));
        TestBackend staying = closeLater(TestBackend.start("staying"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), leaving, staying);
        RawHttpClient slow = sendAndKeepWaiting(lb, "/slow?delay=500");
        await().atMost(Duration.ofSeconds(5)).until(() -> leaving.requestUris().contains("/slow?delay=500"));

        lb.removeBackend(backendOf(leaving));

        assertThat(lb.backends()).containsExactly(backendOf(staying));
        assertThat(eventKindsOf(leaving)).containsExactly(Kind.ADDED, Kind.REMOVED);
        assertThat(servedBy(lb, 6)).containsOnly("staying");
        RawHttpClient.Response inFlight = slow.read();
        assertThat(inFlight.status()).isEqualTo(200);
        assertThat(inFlight.header("X-Backend-Id")).isEqualTo("leaving");
        assertThat(leaving.requestUris()).containsExactly("/slow?delay=500");
    }

    @Test
    void aRemovedBackendDisappearsFromTheStatusAndTheMetrics() throws Exception {
        TestBackend leaving = closeLater(TestBackend.start("leaving"));
        TestBackend staying = closeLater(TestBackend.start("staying"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), leaving, staying);
        String authority = "127.0.0.1:" + leaving.port();
        assertThat(servedBy(lb, 4)).containsExactly("leaving", "staying", "leaving", "staying");
        assertThat(PrometheusScrape.of(lb).samplesOfBackend(authority)).isNotEmpty();
        // One more request is with it when it goes, and it answers with a status it never answered before.
        RawHttpClient slow = sendAndKeepWaiting(lb, "/slow?delay=300&status=202");
        await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(lb, leaving).inFlight() == 1);

        lb.removeBackend(backendOf(leaving));
        assertThat(slow.read().status()).isEqualTo(202);

        assertThat(lb.backendStatus()).extracting(BackendStatus::backend).containsExactly(backendOf(staying));
        // The exchange is over for the balancer too (its outcome recorded), not just for the client.
        await().atMost(Duration.ofSeconds(2)).until(() -> lb.activeRequests() == 0);
        assertThat(PrometheusScrape.of(lb).samplesOfBackend(authority)).isEmpty();
    }

    // ---- draining --------------------------------------------------------------------------------------

    @Test
    void aDrainingBackendFinishesItsRequestsThenLeaves() throws Exception {
        TestBackend draining = closeLater(TestBackend.start("draining"));
        TestBackend staying = closeLater(TestBackend.start("staying"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), draining, staying);
        RawHttpClient slow = sendAndKeepWaiting(lb, "/slow?delay=2000");
        await().atMost(Duration.ofSeconds(5)).until(() -> statusOf(lb, draining).inFlight() == 1);

        CompletableFuture<Void> drained = lb.drainBackend(backendOf(draining));

        assertThat(statusOf(lb, draining).state()).isEqualTo(State.DRAINING);
        assertThat(servedBy(lb, 6)).containsOnly("staying");
        assertThat(drained).isNotDone();
        assertThat(lb.backends()).contains(backendOf(draining));

        assertThat(slow.read().header("X-Backend-Id")).isEqualTo("draining");
        drained.get(5, TimeUnit.SECONDS);
        assertThat(lb.backends()).containsExactly(backendOf(staying));
        assertThat(eventKindsOf(draining)).containsExactly(Kind.ADDED, Kind.DRAINING, Kind.REMOVED);
    }

    @Test
    void drainingAnIdleBackendCompletesAtOnce() {
        TestBackend idle = closeLater(TestBackend.start("idle"));
        TestBackend staying = closeLater(TestBackend.start("staying"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), idle, staying);

        CompletableFuture<Void> drained = lb.drainBackend(backendOf(idle));

        assertThat(drained).isDone();
        assertThat(lb.backends()).containsExactly(backendOf(staying));
        assertThat(eventKindsOf(idle)).containsExactly(Kind.ADDED, Kind.DRAINING, Kind.REMOVED);
    }

    @Test
    void aDrainedBackendLeavesNoSeriesInTheMetrics() throws Exception {
        TestBackend drained = closeLater(TestBackend.start("drained"));
        TestBackend staying = closeLater(TestBackend.start("staying"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), drained, staying);
        assertThat(servedBy(lb, 2)).containsExactly("drained", "staying");

        lb.drainBackend(backendOf(drained)).get(5, TimeUnit.SECONDS);

        assertThat(PrometheusScrape.of(lb).samplesOfBackend("127.0.0.1:" + drained.port())).isEmpty();
    }

    // ---- slow start ------------------------------------------------------------------------------------

    @Test
    void slowStartGivesABackendAddedAtRuntimeASmallShareAtFirst() throws Exception {
        TestBackend warm = closeLater(TestBackend.start("warm"));
        TestBackend cold = closeLater(TestBackend.start("cold"));
        LoadBalancer lb = balancer(LoadBalancer.builder().slowStart(Duration.ofSeconds(20)), warm);

        lb.addBackend(backendOf(cold));

        List<String> servedBy = servedBy(lb, 100);
        assertThat(servedBy).filteredOn("cold"::equals).hasSizeBetween(1, 24);
    }

    @Test
    void withoutSlowStartABackendAddedAtRuntimeGetsAnEvenShare() throws Exception {
        TestBackend warm = closeLater(TestBackend.start("warm"));
        TestBackend cold = closeLater(TestBackend.start("cold"));
        LoadBalancer lb = balancer(LoadBalancer.builder(), warm);

        lb.addBackend(backendOf(cold));

        List<String> servedBy = servedBy(lb, 100);
        assertThat(servedBy).filteredOn("cold"::equals).hasSizeBetween(45, 55);
    }
}
