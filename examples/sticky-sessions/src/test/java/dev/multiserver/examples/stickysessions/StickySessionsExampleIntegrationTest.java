package dev.multiserver.examples.stickysessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.testkit.MemcachedServerExtension;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StickySessionsExampleIntegrationTest {

    @RegisterExtension
    static final MemcachedServerExtension memcached = new MemcachedServerExtension();

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void aVisitorStaysOnOneServerAndKeepsTheSessionWhenThatServerGoesAway() throws Exception {
        try (StickySessionsExample example = StickySessionsExample.start(0, memcached.uri())) {
            HttpResponse<String> first = visit(example);
            String server = first.headers().firstValue("X-Server").orElseThrow();
            assertThat(first.body()).isEqualToIgnoringNewLines(server + ": visit 1");
            for (int visit = 2; visit <= 4; visit++) {
                assertThat(visit(example).body()).as("sticky").isEqualToIgnoringNewLines(server + ": visit " + visit);
            }

            example.stopServer(server);

            HttpResponse<String> after = visit(example);
            assertThat(after.statusCode()).isEqualTo(200);
            String other = after.headers().firstValue("X-Server").orElseThrow();
            assertThat(other).isNotEqualTo(server);
            assertThat(after.body()).as("the session, from Memcached").isEqualToIgnoringNewLines(other + ": visit 5");
            assertThat(visit(example).body()).as("sticky again").isEqualToIgnoringNewLines(other + ": visit 6");
        }
    }

    private HttpResponse<String> visit(StickySessionsExample example) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + example.port() + "/")).build(),
                BodyHandlers.ofString());
    }
}
