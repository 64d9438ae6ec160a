package dev.multiserver.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of GETs to one URL from a few threads, each sending its next request as soon as the
 * last one answered, counting what a user would see: answers 200, and failures (another status, or an
 * exception) with what they were.
 *
 * <pre>{@code
 * try (SteadyLoad load = SteadyLoad.start(URI.create("http://127.0.0.1:" + lb.port() + "/"), 2)) {
 *     ... break something ...
 *     assertThat(load.failures()).isEmpty();
 * }
 * }</pre>
 */
public final class SteadyLoad implements AutoCloseable {

    private static final int MAX_KEPT_FAILURES = 20;

    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> byHeader = new ConcurrentHashMap<>();
    private final String countedHeader;
    private volatile boolean running = true;

    private SteadyLoad(URI target, String countedHeader) {
        this.target = target;
        this.countedHeader = countedHeader;
    }

    /** Starts {@code threads} clients sending GETs to {@code target}. */
    public static SteadyLoad start(URI target, int threads) {
        return start(target, threads, "X-Worker-Pid");
    }

    /** Like {@link #start(URI, int)}, counting answers by the value of {@code countedHeader}. */
    public static SteadyLoad start(URI target, int threads, String countedHeader) {
        SteadyLoad load = new SteadyLoad(target, countedHeader);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(load::run, "steady-load-" + i);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
        while (running) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    succeeded.incrementAndGet();
                    response.headers().firstValue(countedHeader)
                            .ifPresent(value -> byHeader.merge(value, 1L, Long::sum));
                } else {
                    fail("status " + response.statusCode() + ": " + response.body().strip());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (failures.size() < MAX_KEPT_FAILURES) {
            failures.add(what);
        }
    }

    /** Requests answered 200 so far. */
    public long succeeded() {
        return succeeded.get();
    }

    /** The first failures (up to 20), in words; empty when every request succeeded. */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** How many failed. */
    public int failed() {
        return failed.get();
    }

    /** Answers counted by the value of the counted header (e.g. by worker pid). */
    public Map<String, Long> answersByHeader() {
        return Map.copyOf(byHeader);
    }

    /** Stops sending and waits for the requests in flight to finish. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
