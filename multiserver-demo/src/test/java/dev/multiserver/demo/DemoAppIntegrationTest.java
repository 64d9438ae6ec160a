package dev.multiserver.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import dev.multiserver.testkit.DemoChatClient;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo application's endpoints on one Jetty instance, as a client sees them. */
class DemoAppIntegrationTest {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MutableClock clock = new MutableClock();

    private static SessionStore store;
    private static MemoryEventChannel channel;
    private static ResponseCache cache;
    private static DemoApp app;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        store = SessionStores.open("memory:");
        channel = MemoryEventChannel.create();
        cache = ResponseCache.builder().clock(clock).build();
        app = DemoApp.builder(store, channel, cache).workerId("worker-7").clock(clock).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        cache.close();
        channel.close();
        store.close();
    }

    @Test
    void whoamiNamesTheWorkerItsProcessAndItsPort() throws Exception {
        HttpResponse<String> response = get("/api/whoami");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Worker")).hasValue("worker-7");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get("worker").asText()).isEqualTo("worker-7");
        assertThat(body.get("pid").isIntegralNumber()).isTrue();
        assertThat(body.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(body.get("port").isInt()).isTrue();
        assertThat(body.get("port").asInt()).isEqualTo(app.port());
    }

    @Test
    void everyResponseCarriesTheWorkerHeaderEvenA404() throws Exception {
        HttpResponse<String> missing = get("/no/such/page");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Worker")).hasValue("worker-7");
        assertThat(get("/").headers().firstValue("X-Worker")).hasValue("worker-7");
        assertThat(send(HttpRequest.newBuilder(uri("/api/session")).DELETE()).headers().firstValue("X-Worker"))
                .hasValue("worker-7");
    }

    @Test
    void aNewVisitorHasAnEmptySessionAndGetsNoCookie() throws Exception {
        HttpResponse<String> response = get("/api/session");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void formFieldsSetAnAttributeAndTheAnswerIsEveryAttribute() throws Exception {
        HttpResponse<String> first = postForm("key=colour&value=green");
        HttpResponse<String> second = postForm("key=size&value=l%20%26%20xl");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body())).isEqualTo(JSON.readTree("{\"colour\": \"green\"}"));
        assertThat(JSON.readTree(second.body())).isEqualTo(JSON.readTree("{\"colour\": \"green\", \"size\": \"l & xl\"}"));
        assertThat(JSON.readTree(get("/api/session").body())).isEqualTo(JSON.readTree(second.body()));
    }

    @Test
    void aJsonBodySetsAnAttribute() throws Exception {
        HttpResponse<String> response = postJson("{\"key\": \"name\", \"value\": \"Ada\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"name\": \"Ada\"}"));
        assertThat(JSON.readTree(get("/api/session").body()).get("name").asText()).isEqualTo("Ada");
    }

    @Test
    void aMissingKeyIs400NamingItAndCreatesNoSession() throws Exception {
        HttpResponse<String> form = postForm("value=green");
        HttpResponse<String> json = postJson("{\"value\": \"green\"}");
        HttpResponse<String> blank = postForm("key=%20&value=green");

        for (HttpResponse<String> response : java.util.List.of(form, json, blank)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("key: missing");
            assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(get("/api/session").body()).isEqualTo("{}");
    }

    @Test
    void unusableBodiesAre400NamingWhatIsWrong() throws Exception {
        assertThat(error(postJson("{\"key\": "))).startsWith("body: not JSON");
        assertThat(error(postJson("[1, 2]"))).isEqualTo("body: expected a JSON object with key and value");
        assertThat(error(postJson("{\"key\": {\"a\": 1}, \"value\": \"x\"}")))
                .isEqualTo("key: expected a string, got object");
        assertThat(error(postForm("key=colour"))).startsWith("value: missing");
        assertThat(error(postForm("key=" + "k".repeat(201) + "&value=x")))
                .isEqualTo("key: 201 characters (expected: at most 200)");
    }

    @Test
    void deleteInvalidatesTheSessionWith204() throws Exception {
        postForm("key=colour&value=green");

        HttpResponse<String> deleted = send(HttpRequest.newBuilder(uri("/api/session")).DELETE());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(get("/api/session").body()).isEqualTo("{}");
    }

    @Test
    void cachedIsPublicForTenSecondsAndServedFromTheCacheUntilThen() throws Exception {
        HttpResponse<String> first = get("/api/cached");
        // the Date header is whole seconds of the real time, so the age starts up to a second high
        clock.advance(Duration.ofSeconds(8));
        HttpResponse<String> fresh = get("/api/cached");
        clock.advance(Duration.ofSeconds(3));
        HttpResponse<String> afterExpiry = get("/api/cached");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
        JsonNode body = JSON.readTree(first.body());
        assertThat(body.get("worker").asText()).isEqualTo("worker-7");
        assertThat(body.get("generatedAt").asText()).isNotBlank();
        assertThat(fresh.body()).isEqualTo(first.body());
        assertThat(fresh.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(fresh.headers().firstValue("X-Worker")).hasValue("worker-7");
        assertThat(afterExpiry.body()).isNotEqualTo(first.body());
        assertThat(JSON.readTree(afterExpiry.body()).get("generatedAt").asText())
                .isEqualTo(clock.instant().toString());
    }

    @Test
    void theHomePageShowsTheWorkerAndTheSessionEscaped() throws Exception {
        postForm("key=%3Cb%3Ebold%3C%2Fb%3E&value=%22quoted%22%20%26%20more");

        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<span class=\"worker\" id=\"worker\">worker-7</span>")
                .contains("<td>&lt;b&gt;bold&lt;/b&gt;</td><td>&quot;quoted&quot; &amp; more</td>")
                .doesNotContain("<b>bold</b>")
                .contains("/ws/chat?room=", "id=\"set\"", "id=\"clear\"");
    }

    @Test
    void aChatMessageReachesEveryoneInTheRoomAsJsonNamingTheWorker() throws Exception {
        try (DemoChatClient alice = DemoChatClient.connect(browser, app.port(), "?room=lobby");
                DemoChatClient bob = DemoChatClient.connect(browser, app.port(), "?room=lobby");
                DemoChatClient elsewhere = DemoChatClient.connect(browser, app.port(), "?room=kitchen")) {
            joined(alice, "alice");
            joined(bob, "bob");
            joined(elsewhere, "carol");
            assertThat(alice.nextContaining("bob joined", Duration.ofSeconds(5))).isNotNull();

            alice.say("hello \"all\"");

            String expected = "{\"room\":\"lobby\",\"from\":\"worker-7\",\"text\":\"hello \\\"all\\\"\"}";
            assertThat(JSON.readTree(bob.nextContaining("hello", Duration.ofSeconds(5))))
                    .isEqualTo(JSON.readTree(expected));
            assertThat(JSON.readTree(alice.nextContaining("hello", Duration.ofSeconds(5))))
                    .isEqualTo(JSON.readTree(expected));
            assertThat(elsewhere.next(QUIET)).isNull();
        }
    }

    @Test
    void aChatWithoutARoomIsClosedWithPolicyViolationNamingIt() throws Exception {
        try (DemoChatClient noRoom = DemoChatClient.connect(browser, app.port(), "")) {
            assertThat(noRoom.closed().get(5, TimeUnit.SECONDS))
                    .isEqualTo("1008 room: missing (expected /ws/chat?room=NAME)");
        }
        try (DemoChatClient badRoom = DemoChatClient.connect(browser, app.port(), "?room=" + "r".repeat(201))) {
            assertThat(badRoom.closed().get(5, TimeUnit.SECONDS)).startsWith("1008 room: ");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /**
     * Says {@code name} and waits for its own echo: once the room sends it back, the client has joined (the server
     * joins it after the handshake), and a message said later reaches it.
     */
    private static void joined(DemoChatClient client, String name) throws Exception {
        client.say(name + " joined");
        assertThat(client.nextContaining(name + " joined", Duration.ofSeconds(5))).as("%s's own echo", name)
                .isNotNull();
    }

    private String error(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return JSON.readTree(response.body()).get("error").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> postForm(String form) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/session"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> postJson(String json) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/session")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return browser.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }
}
