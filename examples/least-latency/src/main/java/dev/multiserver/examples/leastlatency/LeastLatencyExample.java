package dev.multiserver.examples.leastlatency;

import com.sun.net.httpserver.HttpServer;
import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.worker.ApplicationInstance;
import dev.multiserver.balancer.worker.Workers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least-latency algorithm across three in-process workers of different speeds: the balancer learns each one's
 * latency from the responses themselves and sends most requests to the fastest. The scenario of angel_multiserver's
 * {@code LEAST_LATENCY}.
 *
 * <pre>{@code
 * try (LeastLatencyExample example = LeastLatencyExample.start(8080)) {
 *     System.out.println(example.send(100));   // {fast=…, medium=…, slow=…}: fast the most
 * }
 * }</pre>
 */
public final class LeastLatencyExample implements AutoCloseable {

    /** The workers' speeds, by name: each answers after its delay. */
    static final Map<String, Duration> SPEEDS = new TreeMap<>(Map.of(
            "fast", Duration.ofMillis(1),
            "medium", Duration.ofMillis(30),
            "slow", Duration.ofMillis(150)));
    private static final List<String> NAMES = List.of("fast", "medium", "slow");

    private final LoadBalancer balancer;
    private final HttpClient client = HttpClient.newHttpClient();

    private LeastLatencyExample(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        try (LeastLatencyExample example = start(port)) {
            System.out.println("least latency: 100 requests through http://localhost:" + example.port() + "/ went to "
                    + example.send(100) + " (worker speeds: " + SPEEDS + "). Ctrl-C stops it.");
            example.balancer.awaitStop();
        }
    }

    /** Starts the balancer on {@code port} (0: any) in front of a fast, a medium and a slow worker. */
    public static LeastLatencyExample start(int port) {
        AtomicInteger started = new AtomicInteger();
        Workers workers = Workers.inProcess(workerPort -> {
            // a respawned worker takes the next speed: fine for an example
            String name = NAMES.get(started.getAndIncrement() % NAMES.size());
            return slowServer(workerPort, name, SPEEDS.get(name));
        }).count(NAMES.size()).build();
        LoadBalancer balancer = LoadBalancer.builder()
                .port(port)
                .algorithm(Algorithm.leastLatency())
                .workers(workers)
                .build()
                .start();
        return new LeastLatencyExample(balancer);
    }

    /** A server that answers every request after {@code delay}, naming itself in {@code X-Speed}. */
    private static ApplicationInstance slowServer(int port, String name, Duration delay) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delay.toMillis());   // the work this worker is slow at
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("answered by the " + name + " worker\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Speed", name);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        return ApplicationInstance.of(() -> {
            server.stop(0);
            stopped.complete(null);
        }, stopped);
    }

    /** Sends {@code requests} GETs one after another through the balancer; how many each worker answered. */
    public Map<String, Integer> send(int requests) throws IOException, InterruptedException {
        Map<String, Integer> answered = new TreeMap<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/")).build();
        for (int i = 0; i < requests; i++) {
            String speed = client.send(request, BodyHandlers.discarding()).headers().firstValue("X-Speed")
                    .orElse("none");
            answered.merge(speed, 1, Integer::sum);
        }
        return answered;
    }

    public int port() {
        return balancer.port();
    }

    @Override
    public void close() {
        balancer.close();
    }
}
