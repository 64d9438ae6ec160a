package dev.multiserver.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.worker.TinyApp;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.testkit.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard at the admin port's {@code /}, in real headless Chromium, over a real balancer with real backends
 * and in-process workers: what it shows, how it follows changes, its buttons, and the token.
 */
class DashboardBrowserIntegrationTest {

    private static final String TOKEN = "dashboard-token-1";
    /** The page polls every second: whatever changes is on it within a few. */
    private static final Duration ON_THE_PAGE = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<TinyApp> apps = new CopyOnWriteArrayList<>();
    /** The in-process instances by the port the balancer gave them: workers start concurrently, in no set order. */
    private final Map<Integer, TinyApp> appsByPort = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private HeadlessChromium chromium;
    private WebDriver page;
    private String testName;

    @BeforeEach
    void openBrowser(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        chromium = HeadlessChromium.start();
        page = chromium.driver();
    }

    @AfterEach
    void closeEverything() throws Exception {
        try {
            chromium.screenshot(screenshot("end"));
        } finally {
            chromium.close();
            for (int i = closing.size() - 1; i >= 0; i--) {
                closing.get(i).close();
            }
            apps.forEach(TinyApp::crash);
        }
    }

    @Test
    void showsBackendsAndWorkersLiveFollowsFailuresAndItsButtonsChangeThePool() throws Exception {
        TestBackend b1 = closeLater(TestBackend.start("b1"));
        TestBackend b2 = closeLater(TestBackend.start("b2"));
        LoadBalancer lb = balancer(b1, b2, 0, null);
        int adminPort = lb.adminAddress().orElseThrow().getPort();
        String b1Url = b1.uri().toString();
        String b2Url = b2.uri().toString();

        page.get("http://127.0.0.1:" + adminPort + "/");

        // every backend, the two workers' among them, is on the page with its state
        onPage(() -> rows("tr[data-url]").size() == 4 && state("tr[data-url='" + b1Url + "']").equals("UP"));
        assertThat(text("algorithm")).isEqualTo(lb.algorithm().toString());
        assertThat(text("connection")).isEqualTo("live");
        assertThat(rows("tr[data-worker]")).hasSize(2);
        String worker1Url = "http://127.0.0.1:" + lb.workers().get(0).port();
        assertThat(field("tr[data-url='" + worker1Url + "']", "worker")).isEqualTo("worker-1");
        assertThat(page.findElements(By.cssSelector("svg.chart polyline"))).isNotEmpty();

        // traffic through the balancer shows in the counters
        for (int i = 0; i < 8; i++) {
            assertThat(get(lb.port()).statusCode()).isEqualTo(200);
        }
        onPage(() -> rows("tr[data-url]").stream()
                .mapToInt(row -> Integer.parseInt(row.findElement(By.cssSelector("[data-field='requests']")).getText()))
                .sum() >= 8);

        // a backend that stops answering its health checks goes DOWN on the page
        b1.close();
        onPage(() -> state("tr[data-url='" + b1Url + "']").equals("DOWN"));

        // a worker that crashes is respawned: the page shows the crash and the new instance
        int worker1Port = lb.workers().stream().filter(worker -> worker.id().equals("worker-1")).findFirst()
                .orElseThrow().port();
        appsByPort.get(worker1Port).crash();
        onPage(() -> field("tr[data-worker='worker-1']", "crashes").equals("1")
                && state("tr[data-worker='worker-1']").equals("UP"));

        chromium.screenshot(screenshot("after-failures"));

        // the Restart button replaces that worker only
        button("tr[data-worker='worker-2']", "restart").click();
        onPage(() -> field("tr[data-worker='worker-2']", "restarts").equals("1")
                && state("tr[data-worker='worker-2']").equals("UP"));
        assertThat(lb.workers().stream().filter(worker -> worker.id().equals("worker-2")).findFirst().orElseThrow()
                .restarts()).isEqualTo(1);
        assertThat(text("message")).isEqualTo("restart worker-2: accepted");

        // Drain takes a backend out (idle, it leaves the pool at once); Remove asks first, then removes
        button("tr[data-url='" + b2Url + "']", "drain").click();
        onPage(() -> rows("tr[data-url='" + b2Url + "']").isEmpty());
        button("tr[data-url='" + b1Url + "']", "remove").click();
        page.switchTo().alert().accept();
        onPage(() -> rows("tr[data-url='" + b1Url + "']").isEmpty());
        assertThat(lb.backends()).extracting(b -> b.uri().toString()).doesNotContain(b1Url, b2Url);

        // the balancer goes away: the page says so, and picks up again by itself when it is back
        lb.close();
        onPage(() -> text("connection").equals("disconnected"));
        TestBackend b3 = closeLater(TestBackend.start("b3"));
        LoadBalancer again = balancer(b3, null, adminPort, null);
        onPage(() -> text("connection").equals("live")
                && !rows("tr[data-url='" + b3.uri() + "']").isEmpty());
        assertThat(again.adminAddress().orElseThrow().getPort()).isEqualTo(adminPort);
    }

    @Test
    void withATokenThePageAsksForItAndSendsItAsBearer() throws Exception {
        TestBackend b1 = closeLater(TestBackend.start("b1"));
        LoadBalancer lb = balancer(b1, null, 0, TOKEN);

        page.get("http://127.0.0.1:" + lb.adminAddress().orElseThrow().getPort() + "/");

        onPage(() -> page.findElement(By.id("login")).isDisplayed() && text("connection").equals("locked"));
        assertThat(rows("tr[data-url]")).isEmpty();
        page.findElement(By.id("token")).sendKeys("not-the-token");
        page.findElement(By.cssSelector("#login-form button")).click();
        onPage(() -> text("login-reason").startsWith("That token was refused"));

        page.findElement(By.id("token")).sendKeys(TOKEN);
        page.findElement(By.cssSelector("#login-form button")).click();

        onPage(() -> text("connection").equals("live")
                && state("tr[data-url='" + b1.uri() + "']").equals("UP"));
        assertThat(page.findElement(By.id("login")).isDisplayed()).isFalse();
        Object kept = ((org.openqa.selenium.JavascriptExecutor) page)
                .executeScript("return sessionStorage.getItem('multiserver.adminToken')");
        assertThat(kept).isEqualTo(TOKEN);
    }

    // ---- set-up -------------------------------------------------------------------------------------

    /** A balancer over {@code a} (and {@code b}) and two in-process workers, health-checked every 100 ms. */
    private LoadBalancer balancer(TestBackend a, TestBackend b, int adminPort, String token) {
        var builder = LoadBalancer.builder().port(0).bindAddress("127.0.0.1").adminPort(adminPort)
                .backend(a.uri().toString())
                .healthCheck(HealthCheck.of("/").withInterval(Duration.ofMillis(100))
                        .withTimeout(Duration.ofMillis(500)).withFall(1).withRise(1))
                .workers(Workers.inProcess(port -> {
                    TinyApp app = new TinyApp(port);
                    apps.add(app);
                    appsByPort.put(port, app);
                    return app;
                }).count(2).stopGrace(Duration.ofMillis(100)).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build());
        if (b != null) {
            builder.backend(b.uri().toString());
        }
        if (token != null) {
            builder.adminToken(token);
        }
        return closeLater(builder.build().start());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Under the failsafe reports, named for the test. */
    private Path screenshot(String moment) {
        return Path.of("target", "failsafe-reports", getClass().getSimpleName() + "-" + testName + "-" + moment
                + ".png");
    }

    // ---- reading the page ---------------------------------------------------------------------------

    private void onPage(Callable<Boolean> condition) {
        ConditionFactory await = Awaitility.await().atMost(ON_THE_PAGE).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions();
        await.until(condition);
    }

    private List<WebElement> rows(String css) {
        return page.findElements(By.cssSelector(css));
    }

    private String state(String rowCss) {
        return page.findElement(By.cssSelector(rowCss)).getAttribute("data-state");
    }

    private String field(String rowCss, String name) {
        return page.findElement(By.cssSelector(rowCss + " [data-field='" + name + "']")).getText();
    }

    private WebElement button(String rowCss, String action) {
        return page.findElement(By.cssSelector(rowCss + " button[data-action='" + action + "']"));
    }

    private String text(String id) {
        return page.findElement(By.id(id)).getText();
    }
}
