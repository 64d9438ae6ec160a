package dev.multiserver.balancer.internal.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.route.LocalResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final LocalHandling.Builder builder = LocalHandling.builder();

    private RouteTable table() {
        return builder.build().routes();
    }

    private void route(String method, String pattern) {
        builder.route(method, pattern, request -> LocalResponse.status(204));
    }

    private String matched(String method, String uri) {
        RouteMatch match = table().match(method, uri);
        return match == null ? null : match.route().name();
    }

    @Test
    void theMostSpecificMatchingPatternWinsWhateverTheOrderAdded() {
        route("GET", "/*");
        route("GET", "/users/{id}");
        route("GET", "/users/me");
        route("GET", "/users/*");

        assertThat(matched("GET", "/users/me")).isEqualTo("GET /users/me");
        assertThat(matched("GET", "/users/7")).isEqualTo("GET /users/{id}");
        assertThat(matched("GET", "/users/7/posts")).isEqualTo("GET /users/*");
        assertThat(matched("GET", "/other")).isEqualTo("GET /*");
    }

    @Test
    void headFallsBackToGetAndAnExactMethodBeatsAnyMethod() {
        route("GET", "/page");
        route("*", "/page");
        route("POST", "/form");

        assertThat(matched("GET", "/page")).isEqualTo("GET /page");
        assertThat(matched("HEAD", "/page")).isEqualTo("GET /page");
        assertThat(matched("DELETE", "/page")).isEqualTo("* /page");
        assertThat(matched("GET", "/form")).as("another method: proxied").isNull();
        assertThat(matched("HEAD", "/form")).isNull();
    }

    @Test
    void theQueryIsNotPartOfThePathAndParametersAreHandedOut() {
        route("GET", "/users/{id}");

        RouteMatch match = table().match("GET", "/users/a%20b?page=2#top");

        assertThat(match.pathParams()).isEqualTo(Map.of("id", "a b"));
    }

    @Test
    void unmatchedAbsoluteFormAndUndecodablePathsAreProxied() {
        route("GET", "/*");

        assertThat(matched("GET", "http://example.com/x")).isNull();
        assertThat(matched("OPTIONS", "*")).isNull();
        assertThat(matched("GET", "/bad%zz")).isNull();
        assertThat(LocalHandling.builder().build().routes().match("GET", "/x")).isNull();
    }

    @Test
    void methodsAreUpperCased() {
        route("get", "/x");

        assertThat(matched("GET", "/x")).isEqualTo("GET /x");
    }
}
