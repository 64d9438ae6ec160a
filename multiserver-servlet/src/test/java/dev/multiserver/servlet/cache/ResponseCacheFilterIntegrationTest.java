package dev.multiserver.servlet.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.multiserver.cache.CacheRule;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.ResponseCacheBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filter in front of a real Jetty 12 application, seen by a real HTTP client. */
class ResponseCacheFilterIntegrationTest {

    private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final MutableClock clock = new MutableClock();
    private final ScriptedServlet app = new ScriptedServlet(clock);
    private final AtomicInteger inFlight = new AtomicInteger();
    private Server server;
    private ResponseCache cache;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (cache != null) {
            cache.close();
        }
    }

    private void start(UnaryOperator<ResponseCacheBuilder> config) throws Exception {
        cache = config.apply(ResponseCache.builder().clock(clock)).build();
        server = new Server(new QueuedThreadPool(300));
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        // counts requests that reached the server, so a test can wait until they all have
        Filter counting = (request, response, chain) -> {
            inFlight.incrementAndGet();
            chain.doFilter(request, response);
        };
        context.addFilter(new FilterHolder(counting), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(ResponseCacheFilter.builder(cache).build()), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(app), "/*");
        server.setHandler(context);
        server.start();
    }

    private void start() throws Exception {
        start(builder -> builder);
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + target);
    }

    private HttpResponse<String> get(String target, String... headers) throws Exception {
        return send("GET", target, headers);
    }

    private HttpResponse<String> send(String method, String target, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target)).method(method,
                HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    private static String xCache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse(null);
    }

    /** A script answering 200 with this body and these headers. */
    private static ScriptedServlet.Script ok(String body, String... headers) {
        return (request, response) -> {
            for (int i = 0; i < headers.length; i += 2) {
                response.addHeader(headers[i], headers[i + 1]);
            }
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write(body);
        };
    }

    @Test
    void storesAFreshResponseAndAnswersLaterRequestsWithoutTheApplication() throws Exception {
        start();
        app.on("/a", ok("alpha", "Cache-Control", "max-age=60"));

        HttpResponse<String> first = get("/a");
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> second = get("/a");

        assertThat(first.body()).isEqualTo("alpha");
        assertThat(xCache(first)).isEqualTo("MISS");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("alpha");
        assertThat(xCache(second)).isEqualTo("HIT");
        assertThat(second.headers().firstValue("Age")).hasValue("5");
        assertThat(second.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(app.calls("/a")).isEqualTo(1);
    }

    @ParameterizedTest(name = "Cache-Control: {0} → second request {1}, {2} call(s)")
    @CsvSource(delimiter = '|', value = {
        "max-age=60                     | HIT  | 1",
        "s-maxage=60                    | HIT  | 1",
        "public, max-age=60             | HIT  | 1",
        "max-age=0, s-maxage=60         | HIT  | 1",
        "s-maxage=0, max-age=60         | MISS | 2",
        "no-store                       | MISS | 2",
        "max-age=60, no-store           | MISS | 2",
        "private                        | MISS | 2",
        "private, max-age=60            | MISS | 2",
        "no-cache, max-age=60           | MISS | 2",
        "public                         | MISS | 2",
        "max-age=0                      | MISS | 2",
        "must-revalidate, max-age=60    | HIT  | 1",
        "proxy-revalidate, max-age=60   | HIT  | 1",
    })
    void directiveDecidesWhetherTheSecondRequestIsAHit(String cacheControl, String secondStatus, int calls)
            throws Exception {
        start();
        app.on("/d", ok("directive", "Cache-Control", cacheControl));

        get("/d");
        HttpResponse<String> second = get("/d");

        assertThat(second.body()).isEqualTo("directive");
        assertThat(xCache(second)).isEqualTo(secondStatus);
        assertThat(app.calls("/d")).isEqualTo(calls);
    }

    @Test
    void expiresInTheFutureIsFreshAndInThePastIsNot() throws Exception {
        start();
        String future = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                clock.instant().plusSeconds(60).atOffset(java.time.ZoneOffset.UTC));
        app.on("/future", ok("f", "Expires", future));
        app.on("/past", ok("p", "Expires", "Thu, 01 Jan 1970 00:00:00 GMT"));

        get("/future");
        get("/past");

        assertThat(xCache(get("/future"))).isEqualTo("HIT");
        assertThat(xCache(get("/past"))).isEqualTo("MISS");
        assertThat(app.calls("/past")).isEqualTo(2);
    }

    @Test
    void mustRevalidateAndProxyRevalidateGoBackToTheApplicationOnceStale() throws Exception {
        start();
        app.on("/m", ok("m", "Cache-Control", "max-age=10, must-revalidate, stale-while-revalidate=60"));
        app.on("/p", ok("p", "Cache-Control", "max-age=10, proxy-revalidate, stale-if-error=60"));
        get("/m");
        get("/p");

        clock.advance(Duration.ofSeconds(20));

        assertThat(xCache(get("/m"))).isEqualTo("MISS");
        assertThat(xCache(get("/p"))).isEqualTo("MISS");
        assertThat(app.calls("/m")).isEqualTo(2);
        assertThat(app.calls("/p")).isEqualTo(2);
    }

    @Test
    void requestNoCacheAndPragmaNoCacheGoToTheApplication() throws Exception {
        start();
        app.on("/n", ok("n", "Cache-Control", "max-age=60"));
        get("/n");

        assertThat(xCache(get("/n", "Cache-Control", "no-cache"))).isEqualTo("MISS");
        assertThat(xCache(get("/n", "Pragma", "no-cache"))).isEqualTo("MISS");
        assertThat(xCache(get("/n"))).isEqualTo("HIT");
        assertThat(app.calls("/n")).isEqualTo(3);
    }

    @Test
    void ruleDefaultTtlCachesResponsesWithoutCacheControlAndOtherPathsBypass() throws Exception {
        start(builder -> builder.rule(CacheRule.path("/static/*").defaultTtl(Duration.ofMinutes(5))));
        app.on("/static/app.css", ok("body{}"));
        app.on("/api", ok("api", "Cache-Control", "max-age=60"));

        get("/static/app.css");
        HttpResponse<String> second = get("/static/app.css");
        get("/api");
        HttpResponse<String> api = get("/api");
        clock.advance(Duration.ofMinutes(6));
        HttpResponse<String> expired = get("/static/app.css");

        assertThat(xCache(second)).isEqualTo("HIT");
        assertThat(xCache(api)).isEqualTo("BYPASS");
        assertThat(app.calls("/api")).isEqualTo(2);
        assertThat(xCache(expired)).isEqualTo("MISS");
        assertThat(app.calls("/static/app.css")).isEqualTo(2);
    }

    @Test
    void varyKeepsOneVariantPerRequestHeaderValue() throws Exception {
        start();
        app.on("/v", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.setHeader("Vary", "Accept-Language");
            response.getWriter().write("lang=" + request.getHeader("Accept-Language"));
        });

        HttpResponse<String> en = get("/v", "Accept-Language", "en");
        HttpResponse<String> fr = get("/v", "Accept-Language", "fr");
        HttpResponse<String> enAgain = get("/v", "Accept-Language", "en");
        HttpResponse<String> frAgain = get("/v", "Accept-Language", "fr");

        assertThat(List.of(en.body(), fr.body(), enAgain.body(), frAgain.body()))
                .containsExactly("lang=en", "lang=fr", "lang=en", "lang=fr");
        assertThat(List.of(xCache(en), xCache(fr), xCache(enAgain), xCache(frAgain)))
                .containsExactly("MISS", "MISS", "HIT", "HIT");
        assertThat(app.calls("/v")).isEqualTo(2);
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        start();
        app.on("/star", ok("star", "Cache-Control", "max-age=60", "Vary", "*"));

        get("/star");

        assertThat(xCache(get("/star"))).isEqualTo("MISS");
        assertThat(app.calls("/star")).isEqualTo(2);
    }

    @Test
    void clientConditionalAgainstAFreshEntryIsAnswered304FromTheCache() throws Exception {
        start();
        app.on("/e", ok("etagged", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
        HttpResponse<String> first = get("/e", "If-None-Match", "\"v1\"");

        HttpResponse<String> matching = get("/e", "If-None-Match", "\"v1\"");
        HttpResponse<String> other = get("/e", "If-None-Match", "\"v0\"");

        // on a miss the cache asks for the full response, so the first client gets a 200 it can use
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(app.seen.get(0).ifNoneMatch()).isNull();
        assertThat(matching.statusCode()).isEqualTo(304);
        assertThat(matching.body()).isEmpty();
        assertThat(xCache(matching)).isEqualTo("HIT");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("etagged");
        assertThat(app.calls("/e")).isEqualTo(1);
    }

    @Test
    void staleEntryWithETagIsRevalidatedAndA304RefreshesIt() throws Exception {
        start();
        app.on("/r", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=10");
            response.setHeader("ETag", "\"v1\"");
            if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.getWriter().write("version one");
        });
        get("/r");
        clock.advance(Duration.ofSeconds(20));

        HttpResponse<String> revalidated = get("/r");
        HttpResponse<String> afterwards = get("/r");

        assertThat(app.seen.get(1).ifNoneMatch()).isEqualTo("\"v1\"");
        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo("version one");
        assertThat(xCache(revalidated)).isEqualTo("HIT");
        assertThat(xCache(afterwards)).isEqualTo("HIT");
        assertThat(afterwards.body()).isEqualTo("version one");
        assertThat(app.calls("/r")).isEqualTo(2);
    }

    @Test
    void staleEntryWithLastModifiedIsRevalidatedWithIfModifiedSince() throws Exception {
        start();
        String lastModified = "Mon, 01 Jan 2024 00:00:00 GMT";
        app.on("/lm", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=10");
            response.setHeader("Last-Modified", lastModified);
            if (lastModified.equals(request.getHeader("If-Modified-Since"))) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.getWriter().write("dated");
        });
        get("/lm");
        clock.advance(Duration.ofSeconds(20));

        HttpResponse<String> revalidated = get("/lm");

        assertThat(app.seen.get(1).ifModifiedSince()).isEqualTo(lastModified);
        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo("dated");
        assertThat(xCache(revalidated)).isEqualTo("HIT");
        assertThat(app.calls("/lm")).isEqualTo(2);
    }

    @Test
    void revalidationAnsweredWithANewBodyReplacesTheEntry() throws Exception {
        start();
        AtomicInteger version = new AtomicInteger(1);
        app.on("/nv", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=10");
            response.setHeader("ETag", "\"v" + version.get() + "\"");
            response.getWriter().write("version " + version.get());
        });
        get("/nv");
        clock.advance(Duration.ofSeconds(20));
        version.set(2);

        HttpResponse<String> changed = get("/nv");
        HttpResponse<String> cached = get("/nv");

        assertThat(changed.body()).isEqualTo("version 2");
        assertThat(cached.body()).isEqualTo("version 2");
        assertThat(xCache(cached)).isEqualTo("HIT");
    }

    @Test
    void requestsWithAuthorizationAreNotAnsweredFromTheCacheNorStoredUnlessPublic() throws Exception {
        start();
        app.on("/shared", ok("shared", "Cache-Control", "max-age=60"));
        app.on("/mine", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.getWriter().write("for " + request.getHeader("Authorization"));
        });
        app.on("/public", ok("public doc", "Cache-Control", "public, max-age=60"));
        get("/shared");

        HttpResponse<String> authorizedShared = get("/shared", "Authorization", "Bearer alice");
        get("/mine", "Authorization", "Bearer alice");
        HttpResponse<String> bob = get("/mine", "Authorization", "Bearer bob");
        get("/public", "Authorization", "Bearer alice");
        HttpResponse<String> publicAgain = get("/public", "Authorization", "Bearer bob");

        assertThat(xCache(authorizedShared)).isEqualTo("MISS");
        assertThat(app.calls("/shared")).isEqualTo(2);
        assertThat(bob.body()).isEqualTo("for Bearer bob");
        assertThat(app.calls("/mine")).isEqualTo(2);
        assertThat(xCache(publicAgain)).isEqualTo("HIT");
        assertThat(app.calls("/public")).isEqualTo(1);
    }

    @Test
    void responsesWithSetCookieAreNotStoredByDefault() throws Exception {
        start();
        app.on("/c", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.addCookie(new jakarta.servlet.http.Cookie("id", "alice"));
            response.getWriter().write("cookie");
        });

        HttpResponse<String> alice = get("/c");
        HttpResponse<String> bob = get("/c");

        assertThat(alice.headers().allValues("Set-Cookie")).anyMatch(v -> v.startsWith("id=alice"));
        assertThat(xCache(bob)).isEqualTo("MISS");
        assertThat(app.calls("/c")).isEqualTo(2);
    }

    @Test
    void setCookieIsNeverReplayedToAnotherClientWhenSuchResponsesAreStored() throws Exception {
        start(builder -> builder.storeResponsesWithSetCookie(true));
        app.on("/c", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.addCookie(new jakarta.servlet.http.Cookie("id", "alice"));
            response.getWriter().write("cookie");
        });
        HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> alice = get("/c");
        HttpResponse<String> bob = other.send(HttpRequest.newBuilder(uri("/c")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(alice.headers().allValues("Set-Cookie")).anyMatch(v -> v.startsWith("id=alice"));
        assertThat(xCache(bob)).isEqualTo("HIT");
        assertThat(bob.body()).isEqualTo("cookie");
        assertThat(bob.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(app.calls("/c")).isEqualTo(1);
    }

    @Test
    void privateResponsesAreNeverStored() throws Exception {
        start(builder -> builder.rule(CacheRule.path("/*").defaultTtl(Duration.ofMinutes(5))));
        app.on("/account", ok("balance 12", "Cache-Control", "private, max-age=600"));

        get("/account");
        HttpResponse<String> second = get("/account");

        assertThat(xCache(second)).isEqualTo("MISS");
        assertThat(app.calls("/account")).isEqualTo(2);
        assertThat(cache.metrics().stored()).isZero();
    }

    @Test
    void hundredConcurrentMissesForOneKeyMakeOneCallToTheApplication() throws Exception {
        start();
        CountDownLatch release = new CountDownLatch(1);
        app.on("/hot", (request, response) -> {
            release.await(30, TimeUnit.SECONDS);
            response.setHeader("Cache-Control", "max-age=60");
            response.getWriter().write("hot");
        });

        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(uri("/hot")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> inFlight.get() == 100);
        release.countDown();

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(30, TimeUnit.SECONDS).body()).isEqualTo("hot");
        }
        assertThat(app.calls("/hot")).isEqualTo(1);
    }

    @Test
    void staleWhileRevalidateAnswersAtOnceAndRefreshesAfterwards() throws Exception {
        start();
        CountDownLatch refreshMayAnswer = new CountDownLatch(1);
        AtomicInteger version = new AtomicInteger(1);
        app.on("/swr", (request, response) -> {
            if (version.get() == 2) {
                refreshMayAnswer.await(30, TimeUnit.SECONDS);
            }
            response.setHeader("Cache-Control", "max-age=10, stale-while-revalidate=60");
            response.getWriter().write("version " + version.get());
        });
        get("/swr");
        clock.advance(Duration.ofSeconds(20));
        version.set(2);

        // the refresh is held back: the client's answer must not wait for it
        HttpResponse<String> stale = client.sendAsync(HttpRequest.newBuilder(uri("/swr")).build(),
                HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        assertThat(stale.body()).isEqualTo("version 1");
        assertThat(xCache(stale)).isEqualTo("STALE");
        // the refresh runs after the answer went out, and is still held
        await().atMost(Duration.ofSeconds(10)).until(() -> app.calls("/swr") == 2);

        refreshMayAnswer.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> refreshed = get("/swr");
            assertThat(refreshed.body()).isEqualTo("version 2");
            assertThat(xCache(refreshed)).isEqualTo("HIT");
        });
        assertThat(app.calls("/swr")).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesTheStaleCopyWhenTheApplicationThrows() throws Exception {
        start();
        app.on("/sie", ok("good copy", "Cache-Control", "max-age=10, stale-if-error=60"));
        get("/sie");
        clock.advance(Duration.ofSeconds(20));
        app.on("/sie", (request, response) -> {
            throw new IllegalStateException("database down");
        });

        HttpResponse<String> served = get("/sie");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("good copy");
        assertThat(xCache(served)).isEqualTo("STALE");
    }

    @Test
    void staleIfErrorServesTheStaleCopyInPlaceOfA5xx() throws Exception {
        start();
        app.on("/sie", ok("good copy", "Cache-Control", "max-age=10, stale-if-error=60"));
        app.on("/plain", ok("plain copy", "Cache-Control", "max-age=10"));
        get("/sie");
        get("/plain");
        clock.advance(Duration.ofSeconds(20));
        ScriptedServlet.Script failing = (request, response) -> {
            response.setStatus(503);
            response.getWriter().write("overloaded");
        };
        app.on("/sie", failing);
        app.on("/plain", failing);
        app.on("/senderror", (request, response) -> response.sendError(500));

        HttpResponse<String> served = get("/sie");
        HttpResponse<String> plain = get("/plain");

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo("good copy");
        assertThat(xCache(served)).isEqualTo("STALE");
        assertThat(plain.statusCode()).isEqualTo(503);
        assertThat(plain.body()).isEqualTo("overloaded");
        assertThat(get("/senderror").statusCode()).isEqualTo(500);
    }

    @Test
    void staleIfErrorPastItsWindowPassesTheErrorOn() throws Exception {
        start();
        app.on("/sie", ok("good copy", "Cache-Control", "max-age=10, stale-if-error=5"));
        get("/sie");
        clock.advance(Duration.ofSeconds(60));
        app.on("/sie", (request, response) -> response.sendError(502));

        assertThat(get("/sie").statusCode()).isEqualTo(502);
    }

    @Test
    void evictsByBytesToStayWithinTheBound() throws Exception {
        start(builder -> builder.maxBytes(64 * 1024));
        String body = "x".repeat(16 * 1024);
        for (int i = 0; i < 12; i++) {
            app.on("/big/" + i, ok(body, "Cache-Control", "max-age=600"));
            get("/big/" + i);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cache.metrics().evictions()).isPositive();
            assertThat(cache.metrics().bytes()).isLessThanOrEqualTo(64 * 1024);
        });
        int misses = 0;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> again = get("/big/" + i);
            assertThat(again.body()).isEqualTo(body);
            misses += "MISS".equals(xCache(again)) ? 1 : 0;
        }
        assertThat(misses).isPositive();
    }

    @Test
    void bodiesLargerThanMaxObjectSizePassThroughUncached() throws Exception {
        start(builder -> builder.maxObjectSize(1024));
        String big = "y".repeat(4096);
        app.on("/large", ok(big, "Cache-Control", "max-age=60"));
        app.on("/sized", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.setContentLength(big.length());
            response.getOutputStream().write(big.getBytes(UTF_8));
        });
        app.on("/small", ok("small", "Cache-Control", "max-age=60"));

        for (String path : List.of("/large", "/sized")) {
            HttpResponse<String> first = get(path);
            HttpResponse<String> second = get(path);
            assertThat(first.body()).isEqualTo(big);
            assertThat(second.body()).isEqualTo(big);
            assertThat(xCache(second)).isEqualTo("MISS");
            assertThat(app.calls(path)).isEqualTo(2);
        }
        get("/small");
        assertThat(xCache(get("/small"))).isEqualTo("HIT");
    }

    @Test
    void purgeByKeyAndByPrefixMakeTheNextRequestAMiss() throws Exception {
        start();
        for (String path : List.of("/p/a", "/p/b", "/q")) {
            app.on(path, ok(path, "Cache-Control", "max-age=600"));
            get(path);
        }

        cache.purge("/p/a").join();
        assertThat(xCache(get("/p/a"))).isEqualTo("MISS");
        assertThat(xCache(get("/p/b"))).isEqualTo("HIT");

        cache.purgePrefix("/p/").join();
        assertThat(xCache(get("/p/a"))).isEqualTo("MISS");
        assertThat(xCache(get("/p/b"))).isEqualTo("MISS");
        assertThat(xCache(get("/q"))).isEqualTo("HIT");
    }

    @Test
    void successfulUnsafeRequestPurgesItsTarget() throws Exception {
        start();
        app.on("/doc", (request, response) -> {
            if (request.getMethod().equals("POST")) {
                response.setStatus(204);
                return;
            }
            response.setHeader("Cache-Control", "max-age=600");
            response.getWriter().write("doc");
        });
        get("/doc");

        HttpResponse<String> post = send("POST", "/doc");

        assertThat(post.statusCode()).isEqualTo(204);
        assertThat(xCache(post)).isEqualTo("BYPASS");
        assertThat(xCache(get("/doc"))).isEqualTo("MISS");
    }

    @Test
    void headIsAnsweredFromAGetEntry() throws Exception {
        start();
        app.on("/h", ok("twelve bytes", "Cache-Control", "max-age=60"));
        get("/h");

        HttpResponse<String> head = send("HEAD", "/h");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue("12");
        assertThat(xCache(head)).isEqualTo("HIT");
        assertThat(app.calls("/h")).isEqualTo(1);
    }

    @Test
    void cacheStatusHeaderCanBeRenamedOrLeftOut() throws Exception {
        start(builder -> builder.cacheStatusHeader("X-Edge"));
        app.on("/x", ok("x", "Cache-Control", "max-age=60"));

        HttpResponse<String> miss = get("/x");
        HttpResponse<String> hit = get("/x");

        assertThat(miss.headers().firstValue("X-Edge")).hasValue("MISS");
        assertThat(hit.headers().firstValue("X-Edge")).hasValue("HIT");
        assertThat(xCache(hit)).isNull();
    }

    @Test
    void aBrokenOffBodyIsNotStored() throws Exception {
        start();
        app.on("/broken", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=60");
            response.getWriter().write("half of it");
            response.flushBuffer();
            throw new IOException("backend gone mid-body");
        });

        try {
            get("/broken");
        } catch (IOException expected) {
            // the client sees the response break off
        }
        app.on("/broken", ok("whole", "Cache-Control", "max-age=60"));

        HttpResponse<String> next = get("/broken");
        assertThat(next.body()).isEqualTo("whole");
        assertThat(xCache(next)).isEqualTo("MISS");
    }

    @Test
    void headOnAStaleEntryRefreshesItWithTheWholeBody() throws Exception {
        start();
        AtomicInteger version = new AtomicInteger(1);
        app.on("/hs", (request, response) -> {
            response.setHeader("Cache-Control", "max-age=10, stale-while-revalidate=60");
            response.getWriter().write("version " + version.get());
        });
        get("/hs");
        clock.advance(Duration.ofSeconds(20));
        version.set(2);

        HttpResponse<String> head = send("HEAD", "/hs");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.calls("/hs") == 2);

        assertThat(xCache(head)).isEqualTo("STALE");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> refreshed = get("/hs");
            assertThat(refreshed.body()).isEqualTo("version 2");
            assertThat(xCache(refreshed)).isEqualTo("HIT");
        });
        assertThat(app.seen.get(1).method()).isEqualTo("GET");
    }
}
