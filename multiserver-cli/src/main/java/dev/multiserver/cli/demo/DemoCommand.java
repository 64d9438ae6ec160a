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
import dev.multiserver.demo.DemoApp;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
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
 * With {@code --processes} each worker is a JVM of its own ({@link DemoWorkerCommand}), which needs a real one.
 *
 * <pre>{@code
 * ./multiserver demo --workers 3 --store redis://127.0.0.1:6379 --sync redis://127.0.0.1:6379
 * ./multiserver demo --processes --store redis://127.0.0.1:6379 --sync redis://127.0.0.1:6379
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

    @Option(names = "--processes",
            description = "Run each worker as its own JVM (this java and this jar), started, watched and restarted "
                    + "by the balancer. Needs a network --store and --sync: with memory: each process would have "
                    + "its own. Each worker caches /api/cached in its own memory.")
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
        Shared opened;
        try {
            opened = Shared.open(store, sync, spec);
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            // a valid URI whose server cannot be reached: running failed, the flags were fine
            return failed(e.getMessage());
        }
        if (processes) {
            // opened only to check the URIs and that their servers answer: each worker process opens its own
            try (Shared checked = opened) {
                checked.probe();
            } catch (RuntimeException e) {
                return failed(e.getMessage());
            }
            return serve(chosen, WorkerProcesses.of(workers, store, sync), workers + " worker process(es)",
                    "; each worker caches /api/cached in its own memory");
        }
        try (Shared shared = opened) {
            return serve(chosen, inProcessWorkers(shared), workers + " worker(s)", "");
        }
    }

    /** Runs the balancer in front of {@code pool} until it is closed or the JVM is asked to stop. */
    private int serve(Algorithm chosen, Workers pool, String what, String aside) {
        PrintWriter out = spec.commandLine().getOut();
        LoadBalancer balancer = LoadBalancer.builder()
                .port(port)
                .adminPort(adminPort)
                .algorithm(chosen)
                .healthCheck(HealthCheck.of("/api/whoami"))
                .workers(pool)
                .build();
        try {
            balancer.start();
        } catch (UncheckedIOException | WorkerException | IllegalArgumentException | IllegalStateException e) {
            return failed(e.getMessage());
        }
        Thread stopOnExit = new Thread(balancer::close, "multiserver-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        String app = "http://localhost:" + balancer.port() + "/";
        out.println("multiserver demo: " + what + " of the demo application behind the balancer ("
                + algorithm.strip() + "); sessions in " + Shared.describe(store) + ", chat over "
                + Shared.describe(sync) + aside);
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

    private int failed(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("demo: " + message);
        err.flush();
        return ExitCode.SOFTWARE;
    }

    /** In-process workers of the demo application, named in X-Worker as the balancer names them. */
    private Workers inProcessWorkers(Shared shared) {
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

    private void checkFlags() {
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
        if (processes) {
            checkShareable("--store", store, "sessions", "redis://127.0.0.1:6379");
            checkShareable("--sync", sync, "chat messages", "redis://127.0.0.1:6379");
        }
    }

    /** Worker processes share nothing but what a network store or channel holds. */
    private void checkShareable(String flag, String uri, String what, String example) {
        if (Shared.isMemory(uri)) {
            throw new ParameterException(spec.commandLine(), flag + ": " + uri.strip() + " cannot be used with "
                    + "--processes: each worker process would have its own memory, so " + what + " would not be "
                    + "shared (name a network one, e.g. " + flag + " " + example + ")");
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
}
