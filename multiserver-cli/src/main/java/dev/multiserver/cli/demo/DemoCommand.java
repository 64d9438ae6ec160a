package dev.multiserver.cli.demo;

import dev.multiserver.balancer.LoadBalancer;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.HashKey;
import dev.multiserver.balancer.health.HealthCheck;
import dev.multiserver.balancer.worker.ApplicationInstance;
import dev.multiserver.balancer.worker.WorkerEvent;
import dev.multiserver.balancer.worker.WorkerException;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.balancer.worker.WorkersBuilder;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.demo.DemoApp;
import dev.multiserver.pubsub.EventChannel;
import dev.multiserver.pubsub.EventChannels;
import dev.multiserver.pubsub.MemoryEventChannel;
import dev.multiserver.session.SessionStore;
import dev.multiserver.session.SessionStores;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multiserver demo}: the load balancer in front of N workers of the demo application, each a Jetty server
 * on its own port inside this JVM, sharing sessions, chat rooms and cached responses. With {@code memory:} (the
 * default) the workers share one in-memory store and one channel; {@code --store}/{@code --sync} name a real one.
 *
 * <pre>{@code
 * ./multiserver demo --workers 3 --store redis://127.0.0.1:6379 --sync redis://127.0.0.1:6379
 * }</pre>
 */
@Command(
        name = "demo",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Run the demo application on several workers behind the load balancer: shared sessions, "
                + "a chat over WebSocket across workers, a cached endpoint.",
        footer = {
            "",
            "Open the application URL it prints and reload: X-Worker and the page say which worker answered, the "
                    + "session stays. The admin URL serves status.json and the worker endpoints.",
            "Ctrl-C or SIGTERM stops the balancer and every worker.",
        })
public final class DemoCommand implements Callable<Integer> {

    private static final Map<String, Supplier<Algorithm>> ALGORITHMS = new TreeMap<>(Map.of(
            "round-robin", Algorithm::roundRobin,
            "least-latency", Algorithm::leastLatency,
            "least-connections", Algorithm::leastConnections,
            "sticky-session", Algorithm::stickySession,
            "consistent-hash", () -> Algorithm.consistentHash(HashKey.clientAddress())));
    private static final int MAX_WORKERS = WorkersBuilder.MAX_COUNT;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the application, through the balancer; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "9900",
            description = "Port of the admin server (status.json, workers), on 127.0.0.1; 0 picks a free one. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int adminPort;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "3",
            description = "How many workers, 1-" + MAX_WORKERS + ". Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--algorithm", paramLabel = "NAME", defaultValue = "round-robin",
            description = "How the balancer picks a worker: round-robin, least-latency, least-connections, "
                    + "sticky-session, consistent-hash. Default: ${DEFAULT-VALUE}.")
    private String algorithm;

    @Option(names = "--store", paramLabel = "URI", defaultValue = "memory:",
            description = "Where sessions live: memory:, redis://host:port, memcached://host:port, "
                    + "mongodb://host:port/db. Default: ${DEFAULT-VALUE}.")
    private String store;

    @Option(names = "--sync", paramLabel = "URI", defaultValue = "memory:",
            description = "The channel that carries chat messages between workers: memory:, redis://host:port, "
                    + "mongodb://host:port/db. Default: ${DEFAULT-VALUE}.")
    private String sync;

    @Option(names = "--processes", description = "Run the workers as separate JVMs (not yet supported).")
    private boolean processes;

    private final CompletableFuture<LoadBalancer> started = new CompletableFuture<>();

    /**
     * Completes with the running balancer once it listens, or exceptionally when the command ends without
     * starting one. Closing the balancer ends the command. For tests and programs that run the demo.
     */
    public CompletionStage<LoadBalancer> started() {
        return started.minimalCompletionStage();
    }

    @Override
    public Integer call() {
        try {
            return run();
        } finally {
            started.completeExceptionally(new IllegalStateException("demo ended without starting"));
        }
    }

    private int run() {
        checkFlags();
        Algorithm chosen = ALGORITHMS.get(algorithm.strip()).get();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Shared opened;
        try {
            opened = Shared.open(store, sync, spec);
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            // a valid URI whose server cannot be reached: running failed, the flags were fine
            err.println("demo: " + e.getMessage());
            err.flush();
            return ExitCode.SOFTWARE;
        }
        try (Shared shared = opened) {
            LoadBalancer balancer = LoadBalancer.builder()
                    .port(port)
                    .adminPort(adminPort)
                    .algorithm(chosen)
                    .healthCheck(HealthCheck.of("/api/whoami"))
                    .workers(workers(shared))
                    .build();
            try {
                balancer.start();
            } catch (UncheckedIOException | WorkerException | IllegalArgumentException | IllegalStateException e) {
                err.println("demo: " + e.getMessage());
                err.flush();
                return ExitCode.SOFTWARE;
            }
            Thread stopOnExit = new Thread(balancer::close, "multiserver-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            String app = "http://localhost:" + balancer.port() + "/";
            out.println("multiserver demo: " + workers + " worker(s) of the demo application behind the balancer ("
                    + algorithm.strip() + "); sessions in " + describe(store) + ", chat over " + describe(sync));
            out.println("  application: " + app);
            balancer.adminAddress().ifPresent(admin -> out.println("  dashboard:   http://127.0.0.1:"
                    + admin.getPort() + "/   (admin API: /status.json, /workers, POST /workers/restart)"));
            out.println("  try:         curl -si " + app + "api/whoami   (reload the page: X-Worker changes, "
                    + "the session stays)");
            out.println("Ctrl-C stops everything.");
            out.flush();
            started.complete(balancer);
            try {
                balancer.awaitStop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                balancer.close();
            } finally {
                removeShutdownHook(stopOnExit);
            }
            return ExitCode.OK;
        }
    }

    /** In-process workers of the demo application, named in X-Worker as the balancer names them. */
    private Workers workers(Shared shared) {
        Map<Integer, String> idsByPort = new ConcurrentHashMap<>();
        return Workers.inProcess(workerPort -> {
            DemoApp app = DemoApp.builder(shared.store(), shared.channel(), shared.cache())
                    .port(workerPort)
                    .workerId(() -> idsByPort.get(workerPort))
                    .start();
            return ApplicationInstance.of(app::close, app.stopped());
        }).count(workers).listener(event -> {
            // STARTED comes before the worker joins the pool, so every request through the balancer sees the name
            if (event.kind() == WorkerEvent.Kind.STARTED) {
                idsByPort.put(event.port(), event.worker());
            }
        }).build();
    }

    /** The URI as it can be shown: without a password. */
    private static String describe(String uri) {
        return Shared.isMemory(uri) ? "memory (shared by the workers)"
                : SessionStores.redact(URI.create(uri.strip()));
    }

    private void checkFlags() {
        if (processes) {
            throw new ParameterException(spec.commandLine(), "--processes: not yet supported (the demo runs its "
                    + "workers in this JVM for now; leave the flag out)");
        }
        checkPort("--port", port);
        checkPort("--admin-port", adminPort);
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new ParameterException(spec.commandLine(), "--workers: " + workers + " (expected: 1-" + MAX_WORKERS
                    + ")");
        }
        if (!ALGORITHMS.containsKey(algorithm.strip())) {
            throw new ParameterException(spec.commandLine(), "--algorithm: '" + algorithm + "' (expected one of: "
                    + String.join(", ", ALGORITHMS.keySet()) + ")");
        }
    }

    private void checkPort(String flag, int value) {
        if (value < 0 || value > 65_535) {
            throw new ParameterException(spec.commandLine(), flag + ": " + value + " (expected: 0-65535)");
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is stopping the balancer right now; the JVM exits when it is done
        }
    }

    /**
     * What every worker shares: the session store, the chat channel and the response cache, opened once so that
     * {@code memory:} means one store and one channel for all of them. Closed after the balancer has stopped.
     */
    private record Shared(SessionStore store, EventChannel channel, ResponseCache cache) implements AutoCloseable {

        static Shared open(String storeUri, String syncUri, CommandSpec spec) {
            SessionStore store;
            try {
                store = SessionStores.open(storeUri);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--store: " + e.getMessage());
            }
            EventChannel channel;
            try {
                channel = isMemory(syncUri) ? MemoryEventChannel.create() : EventChannels.open(syncUri);
            } catch (IllegalArgumentException e) {
                closeQuietly(store);
                throw new ParameterException(spec.commandLine(), "--sync: " + e.getMessage());
            } catch (RuntimeException e) {
                closeQuietly(store);
                throw e;
            }
            return new Shared(store, channel, ResponseCache.builder().build());
        }

        static boolean isMemory(String uri) {
            String trimmed = uri.strip();
            return trimmed.equals("memory:") || trimmed.equals("memory://");
        }

        @Override
        public void close() {
            cache.close();
            closeQuietly(channel);
            closeQuietly(store);
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(DemoCommand.class).warn("demo: closing {} failed: {}",
                        closeable, e.toString());
            }
        }
    }
}
