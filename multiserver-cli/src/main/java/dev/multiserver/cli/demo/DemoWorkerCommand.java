package dev.multiserver.cli.demo;

import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.demo.DemoApp;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code multiserver demo-worker}: one worker of {@code multiserver demo --processes}, which starts it. Hidden from
 * the help: its port, id, store and channel come from the balancer's environment ({@code PORT},
 * {@code MULTISERVER_WORKER_ID}, {@code MULTISERVER_DEMO_STORE}, {@code MULTISERVER_DEMO_SYNC}); flags override
 * them when it is run by hand.
 *
 * <pre>{@code
 * PORT=8081 MULTISERVER_DEMO_STORE=redis://127.0.0.1:6379 java -jar multiserver-cli-all.jar demo-worker
 * }</pre>
 */
@Command(
        name = DemoWorkerCommand.NAME,
        hidden = true,
        sortOptions = false,
        description = "One worker process of 'multiserver demo --processes' (it starts them).")
public final class DemoWorkerCommand implements Callable<Integer> {

    static final String NAME = "demo-worker";

    /** How long SIGTERM waits for the store and channel to close after the server has stopped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PORT}",
            description = "Port to listen on, on 127.0.0.1. Default: PORT from the environment.")
    private Integer port;

    @Option(names = "--id", paramLabel = "ID", defaultValue = "${env:" + Workers.WORKER_ID_VARIABLE + "}",
            description = "The id in X-Worker. Default: " + Workers.WORKER_ID_VARIABLE + " from the environment, "
                    + "else worker@PORT.")
    private String id;

    @Option(names = "--store", paramLabel = "URI", defaultValue = "${env:" + WorkerProcesses.STORE_VARIABLE
            + ":-memory:}", description = "Where sessions live. Default: " + WorkerProcesses.STORE_VARIABLE
            + " from the environment, else memory:.")
    private String store;

    @Option(names = "--sync", paramLabel = "URI", defaultValue = "${env:" + WorkerProcesses.SYNC_VARIABLE
            + ":-memory:}", description = "The channel of the chat. Default: " + WorkerProcesses.SYNC_VARIABLE
            + " from the environment, else memory:.")
    private String sync;

    @Override
    public Integer call() throws InterruptedException {
        if (port == null || port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port: " + (port == null ? "missing" : port)
                    + " (expected: 0-65535, or PORT in the environment)");
        }
        Shared opened;
        try {
            opened = Shared.open(store, sync, spec);
        } catch (ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            return failed(e.getMessage());
        }
        try (Shared shared = opened) {
            DemoApp app;
            try {
                app = start(shared);
            } catch (RuntimeException e) {
                // the port is taken, or the channel's server does not answer: one line, the balancer retries
                return failed(e.getMessage());
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Thread stopOnExit = new Thread(() -> stopAndAwait(app, closed), "demo-worker-shutdown");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            PrintWriter out = spec.commandLine().getOut();
            out.println("demo worker " + app.workerId() + " listening on 127.0.0.1:" + app.port());
            out.flush();
            try {
                app.stopped().toCompletableFuture().join();
            } finally {
                shared.close();
                closed.complete(null);
                removeShutdownHook(stopOnExit);
            }
        }
        return ExitCode.OK;
    }

    private DemoApp start(Shared shared) {
        var builder = DemoApp.builder(shared.store(), shared.channel(), shared.cache()).port(port);
        if (id != null && !id.isBlank()) {
            builder.workerId(id.strip());
        }
        return builder.start();
    }

    /** On SIGTERM: stops the server, then lets the main thread close the store and channel before the JVM halts. */
    private static void stopAndAwait(DemoApp app, CompletableFuture<Void> closed) {
        app.close();
        try {
            closed.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // exiting anyway: the store's connections close with the process
        }
    }

    private int failed(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("demo-worker: " + message);
        err.flush();
        return ExitCode.SOFTWARE;
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running: it waits for the close above and the JVM then exits
        }
    }
}
