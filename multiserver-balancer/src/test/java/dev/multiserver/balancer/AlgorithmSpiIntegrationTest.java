package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import dev.multiserver.balancer.algorithm.RequestContext;
import dev.multiserver.testkit.TestBackend;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A user's own algorithm sees each request's head and the backends, and hears how each exchange went. */
class AlgorithmSpiIntegrationTest {

    /** Sends requests with {@code X-Pin: second} to the second backend, the rest to the first. */
    static final class PinningAlgorithm implements Algorithm {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<String> outcomes = new CopyOnWriteArrayList<>();
        final List<String> added = new CopyOnWriteArrayList<>();

        @Override
        public BackendState pick(RequestContext request, List<BackendState> candidates) {
            seen.add(request.method() + " " + request.path() + " " + request.uri() + " pin=" + request.header("X-Pin")
                    + " cookie=" + request.cookie("user").orElse("-") + " from=" + request.clientAddress().getAddress()
                    .getHostAddress() + " candidates=" + candidates.size() + " inFlight=" + candidates.get(0).inFlight());
            return "second".equals(request.header("X-Pin")) ? candidates.get(candidates.size() - 1) : candidates.get(0);
        }

        @Override
        public void onBackendAdded(BackendState backend) {
            added.add(backend.backend().authority());
        }

        @Override
        public void onExchangeComplete(BackendState backend, ExchangeOutcome outcome) {
            outcomes.add(backend.backend().port() + " " + outcome.kind() + " " + outcome.status()
                    + " latencyNonNegative=" + !outcome.latency().isNegative());
        }
    }

    private TestBackend first;
    private TestBackend second;
    private final PinningAlgorithm algorithm = new PinningAlgorithm();
    private LoadBalancer lb;

    @BeforeEach
    void start() {
        first = TestBackend.start("first");
        second = TestBackend.start("second");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").algorithm(algorithm)
                .backend(first.uri().toString()).backend(second.uri().toString()).build().start();
    }

    @AfterEach
    void stop() {
        lb.close();
        first.close();
        second.close();
    }

    @Test
    void seesTheRequestHeadAndHearsEachOutcome() throws Exception {
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET /cart?item=3 HTTP/1.1\r\nHost: a\r\nX-Pin: second\r\nCookie: theme=dark; user=ann\r\n\r\n");
            assertThat(client.read().header("X-Backend-Id")).isEqualTo("second");
            client.send("POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
            assertThat(client.read().header("X-Backend-Id")).isEqualTo("first");
            client.send("GET /teapot?status=418 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(418);
        }
        assertThat(algorithm.added).containsExactly("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port());
        assertThat(algorithm.seen).containsExactly(
                "GET /cart /cart?item=3 pin=second cookie=ann from=127.0.0.1 candidates=2 inFlight=0",
                "POST /pay /pay pin=null cookie=- from=127.0.0.1 candidates=2 inFlight=0",
                "GET /teapot /teapot?status=418 pin=null cookie=- from=127.0.0.1 candidates=2 inFlight=0");
        await().until(() -> algorithm.outcomes.size() == 3);
        assertThat(algorithm.outcomes).containsExactly(
                second.port() + " RESPONDED 200 latencyNonNegative=true",
                first.port() + " RESPONDED 200 latencyNonNegative=true",
                first.port() + " RESPONDED 418 latencyNonNegative=true");
    }

    @Test
    void hearsAFailedConnectionAndIsAskedAgainWithoutThatBackend() throws Exception {
        second.refuseConnections();
        try (RawHttpClient client = new RawHttpClient(lb.port())) {
            client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Pin: second\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
        }
        await().until(() -> algorithm.outcomes.size() == 2);
        assertThat(algorithm.outcomes.get(0)).startsWith(second.port() + " CONNECT_FAILED 0");
        assertThat(algorithm.outcomes.get(1)).startsWith(first.port() + " RESPONDED 200");
        assertThat(algorithm.seen).hasSize(2);
        assertThat(algorithm.seen.get(1)).contains("candidates=1");
    }

    @Test
    void aFailingAlgorithmCostsOneRequestA503NotTheBalancer() throws Exception {
        Algorithm broken = (request, candidates) -> {
            if (request.path().equals("/boom")) {
                throw new IllegalStateException("bug in a user's algorithm");
            }
            return candidates.get(0);
        };
        try (LoadBalancer withBroken = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").algorithm(broken)
                .maxConcurrentConnections(1).backend(first.uri().toString()).build().start()) {
            try (RawHttpClient client = new RawHttpClient(withBroken.port())) {
                client.send("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
                RawHttpClient.Response response = client.read();
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.bodyText()).isEqualTo("503 Service Unavailable: no backend could be chosen\n");
            }
            // The permit was given back: with a limit of 1, the next request still gets through.
            try (RawHttpClient client = new RawHttpClient(withBroken.port())) {
                client.send("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n");
                assertThat(client.read().status()).isEqualTo(200);
            }
        }
    }
}
