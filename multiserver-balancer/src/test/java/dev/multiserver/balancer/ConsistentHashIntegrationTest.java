package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.HashKey;
import dev.multiserver.testkit.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consistent hashing on a request header, end to end. */
class ConsistentHashIntegrationTest {

    private TestBackend b1;
    private TestBackend b2;
    private TestBackend b3;
    private LoadBalancer lb;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        b1 = TestBackend.start("b1");
        b2 = TestBackend.start("b2");
        b3 = TestBackend.start("b3");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .algorithm(Algorithm.consistentHash(HashKey.header("X-User")))
                .backend(b1.uri().toString()).backend(b2.uri().toString()).backend(b3.uri().toString())
                .build().start();
    }

    @AfterEach
    void stop() {
        lb.close();
        b1.close();
        b2.close();
        b3.close();
    }

    private String servedFor(String user) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port()
                + "/")).header("X-User", user).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("X-Backend-Id").orElseThrow();
    }

    @Test
    void sendsOneHeaderValueAlwaysToOneBackend() throws Exception {
        String home = servedFor("ann");
        for (int i = 0; i < 50; i++) {
            assertThat(servedFor("ann")).isEqualTo(home);
        }
    }

    @Test
    void spreadsDifferentHeaderValuesOverEveryBackend() throws Exception {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            used.add(servedFor("user-" + i));
        }
        assertThat(used).containsExactlyInAnyOrder("b1", "b2", "b3");
    }
}
