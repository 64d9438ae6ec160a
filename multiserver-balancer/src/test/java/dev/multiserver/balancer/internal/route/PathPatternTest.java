package dev.multiserver.balancer.internal.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    private static Map<String, String> match(String pattern, String path) {
        return PathPattern.parse(pattern).match(PathSegments.of(path));
    }

    @Test
    void aLiteralPatternMatchesExactlyThatPath() {
        assertThat(match("/healthz", "/healthz")).isEmpty();
        assertThat(match("/healthz", "/healthz/")).isNull();
        assertThat(match("/healthz", "/health")).isNull();
        assertThat(match("/", "/")).isEmpty();
        assertThat(match("/", "/x")).isNull();
        assertThat(match("/a/b", "/a")).isNull();
    }

    @Test
    void parametersTakeOneWholeSegmentDecoded() {
        assertThat(match("/users/{id}", "/users/42")).containsExactly(Map.entry("id", "42"));
        assertThat(match("/users/{id}/posts/{post}", "/users/a%20b/posts/7"))
                .containsExactly(Map.entry("id", "a b"), Map.entry("post", "7"));
        assertThat(match("/users/{id}", "/users/a%2Fb")).containsExactly(Map.entry("id", "a/b"));
        assertThat(match("/users/{id}", "/users/a/b")).isNull();
        assertThat(match("/users/{id}", "/users")).isNull();
        assertThat(match("/users/{id}", "/users/")).containsExactly(Map.entry("id", ""));
    }

    @Test
    void aTrailingStarTakesTheRestIncludingNothing() {
        assertThat(match("/static/*", "/static/css/a.css")).containsExactly(Map.entry("*", "css/a.css"));
        assertThat(match("/static/*", "/static/")).containsExactly(Map.entry("*", ""));
        assertThat(match("/static/*", "/static")).containsExactly(Map.entry("*", ""));
        assertThat(match("/static/*", "/staticx")).isNull();
        assertThat(match("/*", "/anything/at/all")).containsExactly(Map.entry("*", "anything/at/all"));
    }

    @Test
    void literalsAreComparedDecodedInPatternAndPath() {
        assertThat(match("/caf%C3%A9", "/café".replace("é", "%C3%A9"))).isEmpty();
        assertThat(match("/a%20b", "/a%20b")).isEmpty();
        assertThat(match("/a+b", "/a+b")).isEmpty();
    }

    @Test
    void aPathThatCannotBeDecodedHasNoSegments() {
        assertThat(PathSegments.of("/bad%zz")).isNull();
        assertThat(PathSegments.of("/bad%4")).isNull();
        assertThat(PathSegments.of("/bad%ff")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "users                | pattern 'users' (expected: a path starting with /)",
        "/a?b=1               | pattern '/a?b=1' has '?' at 2",
        "/a b                 | pattern '/a b' has ' ' at 2",
        "/a/*/b               | pattern '/a/*/b': segment '*' (expected: a literal, {name}, or * as the last segment)",
        "/a/{id}x             | pattern '/a/{id}x': segment '{id}x'",
        "/a/x*                | pattern '/a/x*': segment 'x*'",
        "/a/{1d}              | pattern '/a/{1d}': parameter {1d} (expected: a name of letters, digits and _)",
        "/a/{id}/{id}         | pattern '/a/{id}/{id}': parameter {id} is named twice",
        "/a/%zz               | pattern '/a/%zz': segment '%zz' has a bad %-escape",
    })
    void refusesABadPatternNamingIt(String pattern, String message) {
        assertThatThrownBy(() -> PathPattern.parse(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void literalsBeatParametersWhichBeatTheRest() {
        PathPattern exact = PathPattern.parse("/users/me");
        PathPattern parameter = PathPattern.parse("/users/{id}");
        PathPattern rest = PathPattern.parse("/users/*");
        PathPattern everything = PathPattern.parse("/*");

        assertThat(exact.compareSpecificity(parameter)).isPositive();
        assertThat(parameter.compareSpecificity(rest)).isPositive();
        assertThat(rest.compareSpecificity(everything)).isPositive();
        assertThat(parameter.compareSpecificity(exact)).isNegative();
        assertThat(PathPattern.parse("/users/{name}").compareSpecificity(parameter)).isZero();
        // A longer literal prefix before the rest is more specific than a parameter at the same place.
        assertThat(PathPattern.parse("/a/b/*").compareSpecificity(PathPattern.parse("/a/{x}"))).isPositive();
    }

    @Test
    void patternsThatDifferOnlyInParameterNamesHaveTheSameShape() {
        assertThat(PathPattern.parse("/users/{id}").shape()).isEqualTo(PathPattern.parse("/users/{name}").shape());
        assertThat(PathPattern.parse("/users/{id}").shape()).isNotEqualTo(PathPattern.parse("/users/*").shape());
        assertThat(PathPattern.parse("/a%20b").shape()).isEqualTo(PathPattern.parse("/a b".replace(" ", "%20")).shape());
    }
}
