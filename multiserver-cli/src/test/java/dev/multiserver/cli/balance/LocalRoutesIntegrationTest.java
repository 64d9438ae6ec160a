package dev.multiserver.cli.balance;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.cli.Cli;
import dev.multiserver.testkit.TestBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiserver balance --config lb.yaml} answering requests itself — a static route, a redirect, header
 * rules, an error page — as a process of its own in front of a {@link TestBackend}, seen through real sockets.
 */
class LocalRoutesIntegrationTest {

    private static final Pattern LISTENING = Pattern.compile("multiserver balancing http://[^ ]+:(\\d+) across");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TestBackend backend = TestBackend.start("app");
    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, SECONDS)) {
                process.destroyForcibly();
            }
        }
        backend.close();
    }

    private HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesRoutesRedirectsHeaderRulesAndTheErrorPageFromTheConfigFile() throws Exception {
        Path page = Files.writeString(dir.resolve("503.html"), "<h1>We'll be right back</h1>\n");
        Path config = Files.writeString(dir.resolve("lb.yaml"), """
                bind: 127.0.0.1
                port: 0
                admin: {enabled: false}
                backends: [%s]
                health: {path: /health, interval: 100ms, fall: 1}
                routes:
                  - path: /healthz
                    body: ok
                  - path: /old/*
                    redirect: https://example.com/new
                    status: 301
                errorPages:
                  503: %s
                headers:
                  request: {set: {X-From: balancer}, remove: [X-Debug]}
                  response: {set: {X-Frame-Options: DENY}, remove: [X-Backend-Id]}
                """.formatted(backend.uri(), page));
        BalanceProcess balance = BalanceProcess.start(dir, "balance", List.of("--config", config.toString()));
        process = balance.process();
        int port = balance.port(LISTENING);

        HttpResponse<String> healthz = get(port, "/healthz");
        HttpResponse<String> redirect = get(port, "/old/page?x=1");
        assertThat(healthz.statusCode()).as(balance.err()).isEqualTo(200);
        assertThat(healthz.body()).isEqualTo("ok");
        assertThat(healthz.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(healthz.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("https://example.com/new");
        assertThat(backend.requestUris()).noneMatch(uri -> !uri.equals("/health"));

        HttpResponse<String> proxied = get(port, "/data", "X-Debug", "1");
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(backend.lastRequest().uri()).isEqualTo("/data");
        assertThat(backend.lastRequest().header("X-From")).isEqualTo("balancer");
        assertThat(backend.lastRequest().header("X-Debug")).isNull();
        assertThat(proxied.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(proxied.headers().firstValue("X-Backend-Id")).isEmpty();

        // The only backend goes away; its health check fails once and it is down: no backend is available.
        backend.refuseConnections();
        HttpResponse<String> down = await("the backend to be taken down").atMost(Duration.ofSeconds(10))
                .until(() -> get(port, "/shop"), response -> response.statusCode() == 503);
        assertThat(down.body()).isEqualTo("<h1>We'll be right back</h1>\n");
        assertThat(down.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(down.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(get(port, "/healthz").body()).as("local routes need no backend").isEqualTo("ok");
    }

    @Test
    void aMissingErrorPageEndsTheCommandWithStatus2NamingTheKeyAndTheFile() throws IOException {
        Path missing = dir.resolve("pages/503.html");
        Path config = Files.writeString(dir.resolve("lb.yaml"), "bind: 127.0.0.1\nport: 0\nadmin: {enabled: false}\n"
                + "backends: [" + backend.uri() + "]\nerrorPages:\n  503: " + missing + "\n");

        Cli.Result result = Cli.run("balance", "--config", config.toString());

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.errLines()).first().isEqualTo(config + ": errorPages.503: " + missing + ": no such file");
        assertThat(result.out()).isEmpty();
    }
}
