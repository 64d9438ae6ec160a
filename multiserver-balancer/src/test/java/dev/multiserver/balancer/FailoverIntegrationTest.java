package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.RequestContext;
import dev.multiserver.testkit.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backends fail; clients should not notice, unless sending the request again could do harm. */
class FailoverIntegrationTest {

    /** Sends a request to the backend whose port the {@code X-Prefer} header names, when it is a candidate. */
    static final class PreferPort implements Algorithm {
        @Override
        public BackendState pick(RequestContext request, List<BackendState> candidates) {
            String preferred = request.header("X-Prefer");
            for (BackendState candidate : candidates) {
                if (String.valueOf(candidate.backend().port()).equals(preferred)) {
                    return candidate;
                }
            }
            return candidates.get(0);
        }
    }

    private final Started started = new Started();
    private final List<BackendEvent> events = new CopyOnWriteArrayList<>();

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

    private static RawHttpClient.Response send(LoadBalancer lb, String request) throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send(request);
            return client.read();
        }
    }

    @Test
    void noGetFailsWhenOneOfThreeBackendsIsKilledUnderSteadyLoad() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TestBackend c = backend("c");
        LoadBalancer lb = balancer(LoadBalancer.builder(), a, b, c);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port() + "/?delay=3"))
                .timeout(Duration.ofSeconds(10)).build();
        AtomicInteger succeeded = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            clients.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            succeeded.incrementAndGet();
                        } else {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() >= 150);
            b.close(); // in-flight requests with it break, and new connections are refused
            int atKill = succeeded.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() >= atKill + 450);
        } finally {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(15, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
        await().untilAsserted(() -> assertThat(events).anySatisfy(event -> {
            assertThat(event.kind()).isEqualTo(BackendEvent.Kind.DOWN);
            assertThat(event.backend().port()).isEqualTo(b.port());
        }));
        assertThat(lb.backendStatus()).filteredOn(s -> s.backend().port() == b.port())
                .singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(BackendStatus.State.DOWN));
    }

    @Test
    void aPostThatReachedTheBackendIsNotSentToAnother() throws Exception {
        TestBackend dying = backend("dying");
        TestBackend healthy = backend("healthy");
        dying.respondWith((request, responder) -> responder.close());
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort()), dying, healthy);

        RawHttpClient.Response response = send(lb, "POST /pay HTTP/1.1\r\nHost: a\r\nX-Prefer: " + dying.port()
                + "\r\nContent-Length: 2\r\n\r\nhi");

        assertThat(response.status()).isEqualTo(502);
        assertThat(dying.requestUris()).containsExactly("/pay");
        assertThat(healthy.requestCount()).isZero();
    }

    @Test
    void aGetThatBrokeBeforeAnyAnswerIsSentToAnotherBackend() throws Exception {
        TestBackend dying = backend("dying");
        TestBackend healthy = backend("healthy");
        dying.respondWith((request, responder) -> responder.close());
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort()), dying, healthy);

        RawHttpClient.Response response = send(lb, "GET /page HTTP/1.1\r\nHost: a\r\nX-Prefer: " + dying.port()
                + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(EchoedRequest.parse(response.bodyText()).backend()).isEqualTo("healthy");
        assertThat(dying.requestUris()).containsExactly("/page");
        assertThat(healthy.requestUris()).containsExactly("/page");
    }

    @Test
    void aPutWithASmallBodyThatBrokeIsSentWholeToAnotherBackend() throws Exception {
        TestBackend dying = backend("dying");
        TestBackend healthy = backend("healthy");
        dying.respondWith((request, responder) -> responder.close());
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort()), dying, healthy);

        RawHttpClient.Response response = send(lb, "PUT /doc HTTP/1.1\r\nHost: a\r\nX-Prefer: " + dying.port()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        EchoedRequest echoed = EchoedRequest.parse(response.bodyText());
        assertThat(echoed.backend()).isEqualTo("healthy");
        assertThat(echoed.bodyLength()).isEqualTo(11);
    }

    @Test
    void aPutWithABodyLargerThanTheHoldLimitIsNotSentAgain() throws Exception {
        TestBackend dying = backend("dying");
        TestBackend healthy = backend("healthy");
        dying.respondWith((request, responder) -> responder.close());
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort())
                .retries(RetryPolicy.defaults().withMaxHeldBodyBytes(4)), dying, healthy);

        RawHttpClient.Response response = send(lb, "PUT /doc HTTP/1.1\r\nHost: a\r\nX-Prefer: " + dying.port()
                + "\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(response.status()).isEqualTo(502);
        assertThat(healthy.requestCount()).isZero();
    }

    @Test
    void aPostWhoseConnectionWasRefusedGoesToAnotherBackend() throws Exception {
        TestBackend down = backend("down");
        TestBackend healthy = backend("healthy");
        down.refuseConnections();
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort()), down, healthy);

        RawHttpClient.Response response = send(lb, "POST /pay HTTP/1.1\r\nHost: a\r\nX-Prefer: " + down.port()
                + "\r\nContent-Length: 2\r\n\r\nhi");

        assertThat(response.status()).isEqualTo(200);
        assertThat(EchoedRequest.parse(response.bodyText()).bodyLength()).isEqualTo(2);
        assertThat(healthy.requestUris()).containsExactly("/pay");
    }

    @Test
    void triesEachBackendAtMostOnceAndStopsAtMaxAttempts() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        TestBackend c = backend("c");
        for (TestBackend backend : List.of(a, b, c)) {
            backend.respondWith((request, responder) -> responder.close());
        }
        LoadBalancer lb = balancer(LoadBalancer.builder().retries(RetryPolicy.defaults().withMaxAttempts(2)), a, b, c);

        assertThat(send(lb, "GET / HTTP/1.1\r\nHost: a\r\n\r\n").status()).isEqualTo(502);

        assertThat(a.requestCount() + b.requestCount() + c.requestCount()).isEqualTo(2);
        assertThat(List.of(a, b, c)).allSatisfy(backend -> assertThat(backend.requestCount()).isLessThanOrEqualTo(1));
    }

    @Test
    void noRetryWhenRetriesAreOff() throws Exception {
        TestBackend down = backend("down");
        TestBackend healthy = backend("healthy");
        down.refuseConnections();
        LoadBalancer lb = balancer(LoadBalancer.builder().algorithm(new PreferPort()).retries(RetryPolicy.none()),
                down, healthy);

        RawHttpClient.Response response = send(lb, "GET / HTTP/1.1\r\nHost: a\r\nX-Prefer: " + down.port()
                + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(502);
        assertThat(healthy.requestCount()).isZero();
    }
}
