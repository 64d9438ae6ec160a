package dev.multiserver.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.servlet.Browser.Reply;
import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.StoredSession;
import dev.multiserver.testkit.LogCapture;
import dev.multiserver.testkit.session.StoreServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application sharing a session store, over real HTTP. A store's test extends this and says
 * how to open the store (once per instance, and once for the test's own look under it) and how to stop and start
 * its server.
 */
abstract class SessionSyncScenarios {

    private static final Pattern SESSION_COOKIE =
            Pattern.compile("MSSESSION=[A-Za-z0-9_-]{32}; Path=/; HttpOnly; SameSite=Lax");
    private static final Pattern EXPIRED_COOKIE = Pattern.compile("MSSESSION=; Path=/; Max-Age=0; .*");

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final TestApp.Controls controls = new TestApp.Controls();
    private final Browser browser = new Browser("MSSESSION");
    /** The store as the test sees it, beside the two instances. */
    private SessionStore store;
    private AppInstance a;
    private AppInstance b;

    /** Another client of the shared store, as another instance of the application would open it. */
    protected abstract SessionStore openStore();

    /** Stops and starts the store's server, for the failure scenarios. */
    protected abstract StoreServer server();

    @AfterEach
    void closeAll() throws Exception {
        controls.release.countDown();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void sessionMadeOnOneInstanceIsReadAndChangedOnTheOther() {
        start();
        assertThat(browser.get(a.uri("/set?name=user&value=ada")).status()).isEqualTo(200);
        assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("ada");

        browser.get(b.uri("/set?name=user&value=grace"));
        browser.get(b.uri("/set?name=theme&value=dark"));

        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("grace");
        assertThat(browser.get(a.uri("/names")).body()).isEqualTo("theme,user");
    }

    @Test
    void requestThatDoesNotUseTheSessionNeitherReadsNorWritesTheStore() {
        start(builder -> builder.touchInterval(Duration.ZERO));
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();
        Instant accessed = storedSession(id).lastAccessedAt();

        Reply plain = browser.get(b.uri("/plain"));

        assertThat(plain.body()).isEqualTo("plain");
        assertThat(plain.setCookies()).isEmpty();
        assertThat(storedSession(id).lastAccessedAt()).isEqualTo(accessed);

        server().stop();
        try {
            Reply whileDown = browser.get(b.uri("/plain"));
            assertThat(whileDown.status()).as("no store call, so no failure").isEqualTo(200);
            browser.cookie(null);
            assertThat(browser.get(a.uri("/plain")).setCookies()).isEmpty();
        } finally {
            server().start();
        }
    }

    @Test
    void redirectFollowedAtOnceByARequestToTheOtherInstanceSeesTheChange() {
        start();
        browser.get(a.uri("/set?name=step&value=1"));
        String target = b.uri("/get?name=step").toString();

        Reply redirect = browser.get(a.uri("/redirect?name=step&value=2&to=" + encode(target)));
        Reply next = browser.get(URI.create(redirect.location()));
        controls.release.countDown();

        assertThat(redirect.status()).isEqualTo(302);
        assertThat(next.body()).isEqualTo("2");
    }

    @Test
    void valueChangedInPlaceAfterGetAttributeIsSavedByDefault() {
        start();
        browser.get(a.uri("/append?name=cart&value=book"));
        browser.get(b.uri("/append?name=cart&value=pen"));

        assertThat(browser.get(a.uri("/get?name=cart")).body()).isEqualTo("[book, pen]");
    }

    @Test
    void valueChangedInPlaceIsNotSavedWithOnSetOnly() {
        start(builder -> builder.mutationSaving(MutationSaving.ON_SET_ONLY));
        browser.get(a.uri("/append?name=cart&value=book"));
        browser.get(b.uri("/append?name=cart&value=pen"));

        assertThat(browser.get(a.uri("/get?name=cart")).body()).isEqualTo("[book]");
    }

    @Test
    void cookieIsHttpOnlyLaxOnThePathRootAndHoldsARandomUrlSafeId() {
        start();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            browser.cookie(null);
            Reply reply = browser.get((i % 2 == 0 ? a : b).uri("/set?name=n&value=" + i));
            assertThat(reply.setCookies()).hasSize(1);
            assertThat(reply.setCookies().get(0)).matches(SESSION_COOKIE);
            ids.add(browser.cookie());
        }
        assertThat(ids).as("distinct 192-bit ids").hasSize(20);
    }

    @Test
    void cookieIsSecureBehindAnHttpsProxyAndOverHttps() {
        start();
        Reply proxied = browser.get(a.uri("/set?name=n&value=1"), "X-Forwarded-Proto", "https");
        assertThat(proxied.setCookies()).singleElement().asString().endsWith("; SameSite=Lax; Secure");

        browser.cookie(null);
        Reply direct = browser.get(a.httpsUri("/set?name=n&value=2"));
        assertThat(direct.setCookies()).singleElement().asString().endsWith("; SameSite=Lax; Secure");

        browser.cookie(null);
        Reply plain = browser.get(a.uri("/set?name=n&value=3"), "X-Forwarded-Proto", "http");
        assertThat(plain.setCookies()).singleElement().asString().doesNotContain("Secure");
    }

    @Test
    void changeSessionIdKeepsTheAttributesUnderANewIdAndTheOldIdNoLongerWorks() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String oldId = browser.cookie();

        Reply changed = browser.get(b.uri("/change-id"));

        assertThat(changed.body()).isNotEqualTo(oldId).isEqualTo(browser.cookie());
        assertThat(changed.setCookies()).singleElement().asString().startsWith("MSSESSION=" + changed.body() + ";");
        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("ada");
        browser.cookie(oldId);
        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("no session");
    }

    @Test
    void changeSessionIdWorksOnASessionMadeInTheSameRequest() {
        start();
        Reply reply = browser.get(a.uri("/create-and-change-id?name=user&value=ada"));

        assertThat(reply.setCookies()).singleElement().asString().startsWith("MSSESSION=" + reply.body() + ";");
        assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("ada");
    }

    @Test
    void invalidateDeletesTheSessionAndExpiresTheCookie() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();

        Reply invalidated = browser.get(b.uri("/invalidate"));

        assertThat(invalidated.body()).isEqualTo("invalidated: getAttribute: the session has been invalidated");
        assertThat(invalidated.setCookies()).singleElement().asString().matches(EXPIRED_COOKIE);
        assertThat(store.load(id)).isEmpty();
        browser.cookie(id);
        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("no session");
    }

    @Test
    void sessionExpiresAfterItsMaxInactiveInterval() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();
        browser.get(b.uri("/max-inactive?seconds=1"));
        assertThat(storedSession(id).maxInactiveInterval()).isEqualTo(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> store.load(id).isEmpty());

        assertThat(browser.get(a.uri("/info")).body()).isEqualTo("requested=" + id + " valid=false session=none");
        Reply fresh = browser.get(b.uri("/set?name=user&value=grace"));
        assertThat(browser.cookie()).isNotEqualTo(id);
        assertThat(fresh.setCookies()).hasSize(1);
    }

    @Test
    void accessTimeWritesAreThrottledToTheTouchInterval() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();
        Instant written = storedSession(id).lastAccessedAt();

        browser.get(b.uri("/get?name=user"));
        browser.get(a.uri("/get?name=user"));

        assertThat(storedSession(id).lastAccessedAt()).as("within a minute: no touch").isEqualTo(written);
    }

    @Test
    void readOnlyRequestTouchesTheSessionOnceTheTouchIntervalHasPassed() {
        start(builder -> builder.touchInterval(Duration.ZERO));
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();
        Instant written = storedSession(id).lastAccessedAt();

        browser.get(b.uri("/get?name=user"));

        assertThat(storedSession(id).lastAccessedAt()).isAfter(written);
    }

    @Test
    void malformedUnknownOrEmptyCookieStartsANewSessionWithoutError() {
        start();
        for (String bad : List.of("garbage!!", "", "x".repeat(5000), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "../../etc/passwd", "%00%0d%0a")) {
            browser.cookie(bad);
            Reply info = browser.get(a.uri("/info"));
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.body()).contains("valid=false session=none");
            assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("no session");

            Reply created = browser.get(a.uri("/set?name=user&value=ada"));
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.setCookies()).singleElement().asString().matches(SESSION_COOKIE);
            assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("ada");
        }
    }

    @Test
    void concurrentRequestsWritingDifferentAttributesAllPersist() {
        start();
        browser.get(a.uri("/set?name=start&value=0"));
        int requests = 40;
        controls.barrier.set(new CyclicBarrier(requests));

        List<CompletableFuture<Reply>> replies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            AppInstance instance = i % 2 == 0 ? a : b;
            replies.add(browser.getAsync(instance.uri("/together?name=k" + i + "&value=v" + i)));
        }
        replies.forEach(reply -> assertThat(reply.join().body()).isEqualTo("ok"));

        Map<String, String> attributes = storedSession(browser.cookie()).attributes();
        for (int i = 0; i < requests; i++) {
            assertThat(attributes).containsEntry("k" + i, "\"v" + i + "\"");
        }
        assertThat(attributes).containsEntry("start", "\"0\"");
    }

    @Test
    void concurrentRequestsWritingOneAttributeLeaveOneOfTheirValues() {
        start();
        browser.get(a.uri("/set?name=color&value=none"));
        controls.barrier.set(new CyclicBarrier(2));

        CompletableFuture<Reply> red = browser.getAsync(a.uri("/together?name=color&value=red"));
        CompletableFuture<Reply> blue = browser.getAsync(b.uri("/together?name=color&value=blue"));
        assertThat(red.join().body()).isEqualTo("ok");
        assertThat(blue.join().body()).isEqualTo("ok");

        assertThat(browser.get(a.uri("/get?name=color")).body()).isIn("red", "blue");
    }

    @Test
    void refusedValueFailsInTheApplicationWithTheCodecsMessage() {
        start();
        Reply refused = browser.get(a.uri("/refused?name=builder"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).startsWith("session attribute 'builder': values of java.lang.StringBuilder "
                + "cannot be stored");
    }

    @Test
    void storedValueThatDoesNotDecodeIsAbsentAndLoggedOnce() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();
        StoredSession session = storedSession(id);
        store.save(SessionChanges.update(session, Instant.now())
                .set("gadget", "{\"@type\":\"com.example.Gadget\",\"value\":{}}"));

        try (LogCapture log = new LogCapture()) {
            assertThat(browser.get(b.uri("/get?name=gadget")).body()).isEqualTo("null");
            assertThat(browser.get(a.uri("/get?name=gadget")).body()).isEqualTo("null");
            assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("ada");

            assertThat(browser.get(b.uri("/get?name=gadget")).body()).isEqualTo("null");

            assertThat(log.lines("session attribute 'gadget'"))
                    .as("once per instance")
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("WARN").contains(store.uri())
                            .contains("com.example.Gadget").contains("treated as absent"));
            assertThat(log.stackTracesLoggedBy("dev.multiserver", "org.eclipse.jetty")).isEmpty();
        }
        assertThat(storedSession(id).attributes()).containsKey("gadget");
    }

    @Test
    void asynchronousRequestSavesWhatItChanged() {
        start();
        Reply reply = browser.get(a.uri("/async?name=user&value=ada"));

        assertThat(reply.body()).isEqualTo("async");
        assertThat(reply.setCookies()).singleElement().asString().matches(SESSION_COOKIE);
        assertThat(browser.get(b.uri("/get?name=user")).body()).isEqualTo("ada");
    }

    @Test
    void storeFailureAnswers503WithOneLogLineAndServiceResumesWhenTheStoreIsBack() {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));

        server().stop();
        try (LogCapture log = new LogCapture()) {
            Reply down = browser.get(b.uri("/get?name=user"));

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body()).startsWith("503 Service Unavailable");
            assertThat(down.setCookies()).isEmpty();
            List<String> lines = log.lines(SessionSyncFilter.class.getName());
            assertThat(lines).singleElement().asString().contains("WARN").contains(store.uri())
                    .contains("answering 503 to GET /get");
            assertThat(log.stackTracesLoggedBy("dev.multiserver", "org.eclipse.jetty")).isEmpty();
        } finally {
            server().start();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.get(b.uri("/set?name=user&value=grace")).status()).isEqualTo(200));
        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("grace");
    }

    @Test
    void storeFailingWhenChangesAreWrittenAnswers503AndLeavesTheSessionAsItWas() throws Exception {
        start();
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();

        CompletableFuture<Reply> held = browser.getAsync(b.uri("/hold?name=user&value=grace"));
        assertThat(controls.held.await(10, TimeUnit.SECONDS)).isTrue();
        server().stop();
        Reply reply;
        try (LogCapture log = new LogCapture()) {
            controls.proceed.countDown();
            reply = held.get(10, TimeUnit.SECONDS);

            assertThat(log.lines(SessionSyncFilter.class.getName())).singleElement().asString()
                    .contains("WARN").contains(store.uri()).contains("answering 503 to GET /hold");
            assertThat(log.stackTracesLoggedBy("dev.multiserver", "org.eclipse.jetty")).isEmpty();
        } finally {
            server().start();
        }

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.body()).doesNotContain("set after hold");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.get(a.uri("/info")).status()).isEqualTo(200));
        store.load(id).ifPresent(session -> assertThat(session.attributes()).containsEntry("user", "\"ada\""));
    }

    @Test
    void storeFailureLetsTheRequestProceedWithoutASessionWhenConfigured() {
        start(builder -> builder.onStoreFailure(StoreFailureMode.PROCEED_WITHOUT_SESSION));
        browser.get(a.uri("/set?name=user&value=ada"));
        String id = browser.cookie();

        server().stop();
        try (LogCapture log = new LogCapture()) {
            Reply read = browser.get(b.uri("/get?name=user"));
            Reply write = browser.get(a.uri("/set?name=user&value=grace"));

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("no session");
            assertThat(write.status()).isEqualTo(200);
            assertThat(write.body()).startsWith("set ");
            assertThat(write.setCookies()).as("the user's cookie is kept for when the store is back").isEmpty();
            assertThat(browser.cookie()).isEqualTo(id);
            assertThat(log.lines(SessionSyncFilter.class.getName())).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains("WARN").contains(store.uri())
                            .contains("going on without a session"));
            assertThat(log.stackTracesLoggedBy("dev.multiserver", "org.eclipse.jetty")).isEmpty();
        } finally {
            server().start();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.get(b.uri("/set?name=user&value=hopper")).status()).isEqualTo(200));
        assertThat(browser.get(a.uri("/get?name=user")).body()).isEqualTo("hopper");
    }

    // --- helpers

    private void start() {
        start(builder -> {
        });
    }

    private void start(Consumer<SessionSyncFilterBuilder> configuration) {
        store = open();
        a = instance(configuration, true);
        b = instance(configuration, false);
    }

    private AppInstance instance(Consumer<SessionSyncFilterBuilder> configuration, boolean withHttps) {
        SessionSyncFilterBuilder builder = SessionSyncFilter.builder(open());
        configuration.accept(builder);
        AppInstance instance = AppInstance.start(builder.build(), controls, withHttps);
        resources.add(instance);
        return instance;
    }

    private SessionStore open() {
        SessionStore opened = openStore();
        resources.add(opened);
        return opened;
    }

    private StoredSession storedSession(String id) {
        return store.load(id).orElseThrow(() -> new AssertionError("no session " + id + " in the store"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
