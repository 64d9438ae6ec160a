package dev.multiserver.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.balancer.route.Middleware;
import dev.multiserver.balancer.route.RouteHandler;
import dev.multiserver.balancer.tls.ServerTls;
import org.junit.jupiter.api.Test;

/** The builder's checks of routes, middleware, fallbacks and forceHttps: at once, naming the setting. */
class LocalHandlingBuilderTest {

    private static final RouteHandler OK = request -> LocalResponse.text(200, "ok");

    @Test
    void refusesABadRoute() {
        LoadBalancerBuilder builder = LoadBalancer.builder();
        assertThatThrownBy(() -> builder.route("GET", "users", OK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route: pattern 'users' (expected: a path starting with /)");
        assertThatThrownBy(() -> builder.route("GET", "/a/*/b", OK)).hasMessageStartingWith("route: pattern '/a/*/b'");
        assertThatThrownBy(() -> builder.route("GE T", "/a", OK))
                .hasMessage("route: method 'GE T' (expected: GET, POST, … or * for any)");
        assertThatThrownBy(() -> builder.route("GET", "/a", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesARouteThatMatchesTheSameRequestsAsAnEarlierOne() {
        LoadBalancerBuilder builder = LoadBalancer.builder().route("GET", "/users/{id}", OK);

        assertThatThrownBy(() -> builder.route("get", "/users/{name}", OK))
                .hasMessage("route: GET /users/{name} matches the same requests as GET /users/{id} (expected: each "
                        + "method and path once)");
        assertThatCode(() -> builder.route("POST", "/users/{id}", OK).route("GET", "/users/*", OK)
                .route("*", "/users/{id}", OK)).doesNotThrowAnyException();
    }

    @Test
    void refusesAFallbackForAnotherStatusOrTwiceForOne() {
        LoadBalancerBuilder builder = LoadBalancer.builder().fallback(502, (request, error) -> null);

        assertThatThrownBy(() -> builder.fallback(500, (request, error) -> null))
                .hasMessage("fallback: status 500 (expected: 502, 503 or 504; a backend's own responses pass "
                        + "through unchanged)");
        assertThatThrownBy(() -> builder.fallback(502, (request, error) -> null))
                .hasMessage("fallback: status 502 has a handler already");
        builder.fallback((request, error) -> null);
        assertThatThrownBy(() -> builder.fallback((request, error) -> null))
                .hasMessage("fallback: the handler for every status is set already");
    }

    @Test
    void refusesBadForceHttpsAndBodySizeSettings() {
        LoadBalancerBuilder builder = LoadBalancer.builder();
        assertThatThrownBy(() -> builder.forceHttps(0)).hasMessage("forceHttps port: 0 (expected: 1-65535)");
        assertThatThrownBy(() -> builder.maxLocalBodySize(-1))
                .hasMessage("maxLocalBodySize: -1 (expected: 0-67108864)");
        assertThatThrownBy(() -> LoadBalancer.builder().tls(ServerTls.selfSigned()).forceHttps().build())
                .hasMessageStartingWith("forceHttps: every request arrives over HTTPS with tls(...)");
    }

    @Test
    void headerRulesAreCheckedWhenMade() {
        assertThatThrownBy(() -> Middleware.setRequestHeader("X Bad", "v"))
                .hasMessageStartingWith("request header: 'X Bad' (expected: a header name");
        assertThatThrownBy(() -> Middleware.setResponseHeader("X-Ok", "a\r\nSet-Cookie: x=1"))
                .hasMessageStartingWith("response header X-Ok: 'a\\n\\nSet-Cookie: x=1' has a control");
        assertThatThrownBy(() -> Middleware.removeResponseHeader("Content-Length"))
                .hasMessageStartingWith("response header: Content-Length is set by the balancer");
        assertThat(Middleware.setRequestHeader("X-From", "lb")).hasToString("set request header X-From");
        assertThat(Middleware.removeResponseHeader("Server")).hasToString("remove response header Server");
    }

    @Test
    void buildLeavesTheBuilderReusable() {
        LoadBalancerBuilder builder = LoadBalancer.builder().route("GET", "/a", OK);

        builder.build();

        assertThatCode(() -> builder.route("GET", "/b", OK).build()).doesNotThrowAnyException();
    }
}
