package dev.multiserver.balancer.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalResponseTest {

    @Test
    void factoriesSetTheContentType() {
        assertThat(LocalResponse.text(200, "hi").header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(LocalResponse.html(503, "<p>x</p>").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(LocalResponse.json(201, "{}").header("Content-Type")).isEqualTo("application/json");
        assertThat(LocalResponse.of(200, "image/png", new byte[] {1, 2}).body()).containsExactly(1, 2);
        assertThat(LocalResponse.text(200, "é").body()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRedirectHasALocationAndNoBody() {
        LocalResponse redirect = LocalResponse.redirect(308, "https://example.com/new?x=1");

        assertThat(redirect.status()).isEqualTo(308);
        assertThat(redirect.header("Location")).isEqualTo("https://example.com/new?x=1");
        assertThat(redirect.body()).isEmpty();
        assertThatThrownBy(() -> LocalResponse.redirect(200, "/x"))
                .hasMessage("redirect status: 200 (expected: 301, 302, 303, 307 or 308)");
        assertThatThrownBy(() -> LocalResponse.redirect(302, "/x\r\nSet-Cookie: a=b"))
                .hasMessageStartingWith("redirect location Location:");
    }

    @Test
    void refusesStatusesOutOfRangeAndBodiesWhereThereAreNone() {
        assertThatThrownBy(() -> LocalResponse.status(101)).hasMessage("status: 101 (expected: 200-599)");
        assertThatThrownBy(() -> LocalResponse.text(600, "x")).hasMessage("status: 600 (expected: 200-599)");
        assertThatThrownBy(() -> LocalResponse.text(204, "x")).hasMessageStartingWith("status: 204 has no body");
        assertThatThrownBy(() -> LocalResponse.text(200, "x").withStatus(304))
                .hasMessageStartingWith("status: 304 has no body");
        assertThat(LocalResponse.status(204).body()).isEmpty();
    }

    @Test
    void headersAreSetAddedAndRemovedWithoutChangingTheOriginal() {
        LocalResponse base = LocalResponse.text(200, "x");
        LocalResponse changed = base.withHeader("X-A", "1").withAddedHeader("Set-Cookie", "a=1")
                .withAddedHeader("set-cookie", "b=2").withHeader("x-a", "2");

        assertThat(base.header("X-A")).isNull();
        assertThat(changed.header("X-A")).isEqualTo("2");
        assertThat(changed.headers("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(changed.headers()).containsEntry("Set-Cookie", List.of("a=1", "b=2"))
                .containsEntry("x-a", List.of("2"));
        assertThat(changed.withoutHeader("SET-COOKIE").headers("Set-Cookie")).isEmpty();
        assertThat(base.withoutHeader("X-Nothing")).isSameAs(base);
        assertThat(base.withStatus(200)).isSameAs(base);
        assertThat(changed.headers().keySet()).containsExactly("Content-Type", "Set-Cookie", "x-a");
        assertThat(Map.copyOf(changed.headers())).hasSize(3);
    }

    @Test
    void theBalancersFramingHeadersCannotBeSet() {
        LocalResponse response = LocalResponse.text(200, "x");
        for (String name : List.of("Content-Length", "transfer-encoding", "Connection", "Upgrade")) {
            assertThatThrownBy(() -> response.withHeader(name, "1")).as(name)
                    .hasMessageContaining("is set by the balancer");
        }
    }

    @Test
    void theBodyCannotBeChangedFromOutside() {
        byte[] bytes = {1, 2, 3};
        LocalResponse response = LocalResponse.of(200, "application/octet-stream", bytes);
        bytes[0] = 9;
        response.body()[1] = 9;

        assertThat(response.body()).containsExactly(1, 2, 3);
        assertThat(response.bodyBuffer().isReadOnly()).isTrue();
        assertThat(response).isEqualTo(LocalResponse.of(200, "application/octet-stream", new byte[] {1, 2, 3}));
    }
}
