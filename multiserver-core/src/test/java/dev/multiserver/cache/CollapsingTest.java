package dev.multiserver.cache;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CollapsingTest {

    private final ResponseCache cache = ResponseCache.builder().build();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void close() {
        threads.shutdownNow();
        cache.close();
    }

    private List<CompletableFuture<CacheDecision>> concurrentDecisions(int count, String target) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<CacheDecision>>> submitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<CompletableFuture<CacheDecision>> one = new CompletableFuture<>();
            submitted.add(one);
            threads.execute(() -> {
                try {
                    start.await();
                    one.complete(cache.decide(get(target)));
                } catch (Throwable e) {
                    one.completeExceptionally(e);
                }
            });
        }
        start.countDown();
        List<CompletableFuture<CacheDecision>> decisions = new ArrayList<>();
        for (var one : submitted) {
            decisions.add(one.get());
        }
        return decisions;
    }

    private static CacheRequest get(String target) {
        return new CacheRequest("GET", target, CacheHeaders.of("Host", "example.com"));
    }

    private static List<CacheDecision.Forward> forwards(List<CompletableFuture<CacheDecision>> decisions) {
        return decisions.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                .filter(d -> d instanceof CacheDecision.Forward).map(d -> (CacheDecision.Forward) d).toList();
    }

    @Test
    void hundredConcurrentMissesMakeExactlyOneUpstreamRequest() throws Exception {
        List<CompletableFuture<CacheDecision>> decisions = concurrentDecisions(100, "/cold");

        List<CacheDecision.Forward> forwarded = forwards(decisions);
        assertThat(forwarded).hasSize(1);
        assertThat(decisions.stream().filter(f -> !f.isDone())).hasSize(99);

        ResponseStart start = forwarded.get(0).admission().onResponse(200,
                CacheHeaders.of("Cache-Control", "max-age=60"));
        BodyRecorder recorder = start.recorder().orElseThrow();
        recorder.append(ByteBuffer.wrap("cold body".getBytes(UTF_8)));
        recorder.complete();

        for (CompletableFuture<CacheDecision> decision : decisions) {
            CacheDecision done = decision.get(5, java.util.concurrent.TimeUnit.SECONDS);
            if (done instanceof CacheDecision.Serve serve) {
                assertThat(serve.status()).isEqualTo(CacheStatus.HIT);
                assertThat(new String(serve.response().body(), UTF_8)).isEqualTo("cold body");
            }
        }
        assertThat(decisions.stream().map(CompletableFuture::join)
                .filter(d -> d instanceof CacheDecision.Forward)).hasSize(1);
        assertThat(cache.metrics().misses()).isEqualTo(1);
        assertThat(cache.metrics().hits()).isEqualTo(99);
    }

    @Test
    void followersForwardThemselvesWhenTheLeadersResponseIsNotStorable() throws Exception {
        List<CompletableFuture<CacheDecision>> decisions = concurrentDecisions(10, "/private");
        CacheDecision.Forward leader = forwards(decisions).get(0);

        leader.admission().onResponse(200, CacheHeaders.of("Cache-Control", "private"));

        await().atMost(Duration.ofSeconds(5)).until(() -> decisions.stream().allMatch(CompletableFuture::isDone));
        assertThat(forwards(decisions)).hasSize(10);
    }

    @Test
    void followersForwardThemselvesWhenTheLeaderIsAbandoned() throws Exception {
        List<CompletableFuture<CacheDecision>> decisions = concurrentDecisions(10, "/gone");
        CacheDecision.Forward leader = forwards(decisions).get(0);

        leader.admission().abandon();

        await().atMost(Duration.ofSeconds(5)).until(() -> decisions.stream().allMatch(CompletableFuture::isDone));
        assertThat(forwards(decisions)).hasSize(10);
        assertThat(forwards(decisions).stream().map(CacheDecision.Forward::status)).containsOnly(CacheStatus.MISS);
    }

    @Test
    void followersAreReleasedWhenTheBodyBreaksOffOrGrowsPastTheLimit() throws Exception {
        try (ResponseCache small = ResponseCache.builder().maxObjectSize(4).build()) {
            CompletableFuture<CacheDecision> leader = small.decide(get("/big"));
            CompletableFuture<CacheDecision> follower = small.decide(get("/big"));
            assertThat(follower).isNotDone();

            ResponseStart start = ((CacheDecision.Forward) leader.join()).admission().onResponse(200,
                    CacheHeaders.of("Cache-Control", "max-age=60"));
            start.recorder().orElseThrow().append(ByteBuffer.wrap(new byte[5]));

            assertThat(follower).isCompleted();
            assertThat(follower.join()).isInstanceOf(CacheDecision.Forward.class);
            start.recorder().orElseThrow().complete();
            assertThat(small.metrics().stored()).isZero();
        }
    }

    @Test
    void followersForwardThemselvesAfterTheCollapseTimeout() {
        try (ResponseCache impatient = ResponseCache.builder().collapseTimeout(Duration.ofMillis(100)).build()) {
            CompletableFuture<CacheDecision> leader = impatient.decide(get("/slow"));
            CompletableFuture<CacheDecision> follower = impatient.decide(get("/slow"));

            assertThat(leader.join()).isInstanceOf(CacheDecision.Forward.class);
            CacheDecision late = follower.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(late).isInstanceOf(CacheDecision.Forward.class);
        }
    }

    @Test
    void followerWithAnotherVariantLooksAgainAfterTheLeaderStored() {
        CompletableFuture<CacheDecision> gzip = cache.decide(new CacheRequest("GET", "/v",
                CacheHeaders.of("Accept-Encoding", "gzip")));
        CompletableFuture<CacheDecision> br = cache.decide(new CacheRequest("GET", "/v",
                CacheHeaders.of("Accept-Encoding", "br")));

        ResponseStart start = ((CacheDecision.Forward) gzip.join()).admission().onResponse(200,
                CacheHeaders.of("Cache-Control", "max-age=60", "Vary", "Accept-Encoding"));
        start.recorder().orElseThrow().append(ByteBuffer.wrap("gz".getBytes(UTF_8)));
        start.recorder().orElseThrow().complete();

        assertThat(br.join()).isInstanceOf(CacheDecision.Forward.class);
        assertThat(((CacheDecision.Forward) br.join()).upstreamRequest().headers().first("Accept-Encoding"))
                .contains("br");
    }

    @Test
    void authorizedAndHeadRequestsDoNotCollapse() {
        CompletableFuture<CacheDecision> first = cache.decide(new CacheRequest("GET", "/x",
                CacheHeaders.of("Authorization", "a")));
        CompletableFuture<CacheDecision> second = cache.decide(new CacheRequest("GET", "/x",
                CacheHeaders.of("Authorization", "b")));
        CompletableFuture<CacheDecision> head1 = cache.decide(new CacheRequest("HEAD", "/x", CacheHeaders.empty()));
        CompletableFuture<CacheDecision> head2 = cache.decide(new CacheRequest("HEAD", "/x", CacheHeaders.empty()));

        assertThat(List.of(first, second, head1, head2)).allMatch(CompletableFuture::isDone);
    }
}
