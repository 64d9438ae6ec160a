package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sticky sessions end to end: the balancer's cookie, read alike by every balancer. */
class StickySessionIntegrationTest {

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
        lb = balancer(b1, b2, b3);
    }

    @AfterEach
    void stop() {
        lb.close();
        b1.close();
        b2.close();
        b3.close();
    }

    private static LoadBalancer balancer(TestBackend... backends) {
        LoadBalancerBuilder builder = LoadBalancer.builder().port(0).bindAddress("127.0.0.1")
                .algorithm(Algorithm.stickySession());
        for (TestBackend backend : backends) {
            builder.backend(backend.uri().toString());
        }
        return builder.build().start();
    }

    private HttpResponse<String> get(LoadBalancer balancer, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancer.port() + "/"));
        if (cookie != null) {
            request.header("Cookie", "theme=dark; MSBACKEND=" + cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static String servedBy(HttpResponse<String> response) {
        return response.headers().firstValue("X-Backend-Id").orElseThrow();
    }

    private static Optional<String> setCookie(HttpResponse<String> response) {
        return response.headers().firstValue("Set-Cookie");
    }

    /** The cookie's value, after checking it is the balancer's cookie with its attributes. */
    private static String stickyCookieValue(String setCookie) {
        List<String> parts = Arrays.asList(setCookie.split("; "));
        assertThat(parts.get(0)).startsWith("MSBACKEND=");
        assertThat(parts.subList(1, parts.size()).stream().map(p -> p.toLowerCase(Locale.ROOT)))
                .containsExactlyInAnyOrder("path=/", "httponly", "samesite=lax");
        return parts.get(0).substring("MSBACKEND=".length());
    }

    private TestBackend named(String id) {
        return List.of(b1, b2, b3).stream().filter(b -> b.id().equals(id)).findFirst().orElseThrow();
    }

    private static String idOf(TestBackend backend) {
        return Backend.of(backend.uri()).id();
    }

    @Test
    void givesANewClientACookieNamingItsBackendAndKeepsItThere() throws Exception {
        HttpResponse<String> first = get(lb, null);
        String cookie = stickyCookieValue(setCookie(first).orElseThrow());
        assertThat(cookie).isEqualTo(idOf(named(servedBy(first))));

        for (int i = 0; i < 100; i++) {
            HttpResponse<String> next = get(lb, cookie);
            assertThat(servedBy(next)).isEqualTo(servedBy(first));
            assertThat(setCookie(next)).isEmpty();
        }
    }

    @Test
    void sendsEachCookieToTheBackendItNames() throws Exception {
        for (TestBackend backend : List.of(b1, b2, b3)) {
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = get(lb, idOf(backend));
                assertThat(servedBy(response)).isEqualTo(backend.id());
                assertThat(setCookie(response)).isEmpty();
            }
        }
    }

    @Test
    void twoBalancersInFrontOfTheSameBackendsRouteACookieAlike() throws Exception {
        try (LoadBalancer other = balancer(b3, b1, b2)) {
            assertThat(setCookie(get(other, null))).isEqualTo(setCookie(get(lb, null)));
            for (TestBackend backend : List.of(b1, b2, b3)) {
                assertThat(servedBy(get(other, idOf(backend)))).isEqualTo(servedBy(get(lb, idOf(backend))))
                        .isEqualTo(backend.id());
            }
        }
    }

    @Test
    void givesAFreshCookieWhenTheCookieNamesABackendNotInThePool() throws Exception {
        HttpResponse<String> response = get(lb, "notAnyBackend");
        assertThat(stickyCookieValue(setCookie(response).orElseThrow())).isEqualTo(idOf(named(servedBy(response))));
    }

    @Test
    void movesToAnotherBackendWithAFreshCookieWhenThePinnedOneRefusesConnections() throws Exception {
        String pinned = idOf(b2);
        assertThat(servedBy(get(lb, pinned))).isEqualTo("b2");
        b2.refuseConnections();
        b2.dropConnections(); // the balancer's pooled connection too: b2 is gone

        HttpResponse<String> moved = get(lb, pinned);
        assertThat(servedBy(moved)).isIn("b1", "b3");
        String fresh = stickyCookieValue(setCookie(moved).orElseThrow());
        assertThat(fresh).isEqualTo(idOf(named(servedBy(moved))));
        assertThat(servedBy(get(lb, fresh))).isEqualTo(servedBy(moved));
    }
}
