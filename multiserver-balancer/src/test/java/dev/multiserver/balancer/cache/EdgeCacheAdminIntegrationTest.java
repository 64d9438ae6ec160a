package dev.multiserver.balancer.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.cache.ResponseCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The edge cache through the admin API: purge by key and by prefix, its counts in status.json. */
class EdgeCacheAdminIntegrationTest {

    private static final String TOKEN = "s3cret-admin-token";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Origin origin;
    private LoadBalancer lb;

    @BeforeEach
    void start() {
        origin = new Origin("o1");
        lb = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").backend(origin.uri()).adminPort(0)
                .adminToken(TOKEN).cache(ResponseCache.builder().build()).build().start();
    }

    @AfterEach
    void stop() {
        lb.close();
        origin.close();
    }

    private String xCache(String target) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + lb.port() + target)).build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("X-Cache").orElseThrow();
    }

    private HttpResponse<String> admin(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + lb.adminAddress().orElseThrow().getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void fill(String... targets) throws Exception {
        for (String target : targets) {
            xCache(target);
            assertThat(xCache(target)).as(target).isEqualTo("HIT");
        }
    }

    @Test
    void purgesOneTargetByKey() throws Exception {
        fill("/a?header=Cache-Control:max-age%3D60", "/b?header=Cache-Control:max-age%3D60");

        HttpResponse<String> purged = admin("POST", "/cache/purge",
                "{\"key\": \"/a?header=Cache-Control:max-age%3D60\"}", true);

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(json.readTree(purged.body()).get("purged").asLong()).isEqualTo(1);
        assertThat(xCache("/a?header=Cache-Control:max-age%3D60")).isEqualTo("MISS");
        assertThat(xCache("/b?header=Cache-Control:max-age%3D60")).isEqualTo("HIT");
    }

    @Test
    void purgesEveryTargetUnderAPrefix() throws Exception {
        fill("/static/1?header=Cache-Control:max-age%3D60", "/static/2?header=Cache-Control:max-age%3D60",
                "/page?header=Cache-Control:max-age%3D60");

        HttpResponse<String> purged = admin("POST", "/cache/purge", "{\"prefix\": \"/static/\"}", true);

        assertThat(json.readTree(purged.body()).get("purged").asLong()).isEqualTo(2);
        assertThat(xCache("/static/1?header=Cache-Control:max-age%3D60")).isEqualTo("MISS");
        assertThat(xCache("/static/2?header=Cache-Control:max-age%3D60")).isEqualTo("MISS");
        assertThat(xCache("/page?header=Cache-Control:max-age%3D60")).isEqualTo("HIT");
    }

    @Test
    void purgeNeedsTheToken() throws Exception {
        fill("/a?header=Cache-Control:max-age%3D60");

        HttpResponse<String> refused = admin("POST", "/cache/purge", "{\"prefix\": \"/\"}", false);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(xCache("/a?header=Cache-Control:max-age%3D60")).isEqualTo("HIT");
    }

    @Test
    void badPurgeBodiesAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> unknown = admin("POST", "/cache/purge", "{\"path\": \"/a\"}", true);
        HttpResponse<String> notAPath = admin("POST", "/cache/purge", "{\"key\": 3}", true);
        HttpResponse<String> empty = admin("POST", "/cache/purge", null, true);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'path'");
        assertThat(notAPath.statusCode()).isEqualTo(400);
        assertThat(notAPath.body()).contains("key: 3");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("body: empty");
    }

    @Test
    void statusJsonCountsHitsAndMisses() throws Exception {
        fill("/a?header=Cache-Control:max-age%3D60");

        JsonNode cache = json.readTree(admin("GET", "/status.json", null, true).body()).get("cache");

        assertThat(cache.get("hits").asLong()).isEqualTo(1);
        assertThat(cache.get("misses").asLong()).isEqualTo(1);
        assertThat(cache.get("stored").asLong()).isEqualTo(1);
        assertThat(cache.get("bytes").asLong()).isPositive();
    }
}
