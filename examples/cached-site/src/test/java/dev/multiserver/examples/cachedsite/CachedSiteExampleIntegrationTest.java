package dev.multiserver.examples.cachedsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

class CachedSiteExampleIntegrationTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void repeatVisitsAreAnsweredByTheBalancersCacheWithoutAskingTheSite() throws Exception {
        try (CachedSiteExample example = CachedSiteExample.start(0)) {
            HttpResponse<String> first = get(example, "/");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("<h1>A cached site</h1>");
            assertThat(first.headers().firstValue("X-Cache")).hasValue("MISS");

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> again = get(example, "/");
                assertThat(again.headers().firstValue("X-Cache")).hasValue("HIT");
                assertThat(again.body()).isEqualTo(first.body());
            }
            assertThat(get(example, "/style.css").headers().firstValue("X-Cache")).hasValue("MISS");
            assertThat(get(example, "/style.css").headers().firstValue("X-Cache")).hasValue("HIT");

            assertThat(example.siteRequests()).as("requests that reached the site").isEqualTo(2);
        }
    }

    private HttpResponse<String> get(CachedSiteExample example, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + example.port() + path)).build(),
                BodyHandlers.ofString());
    }
}
