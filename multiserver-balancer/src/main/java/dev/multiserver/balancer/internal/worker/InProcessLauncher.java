package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.worker.ApplicationInstance;
import dev.multiserver.balancer.worker.InProcessApplication;
import dev.multiserver.balancer.worker.WorkerException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts workers inside the balancer's JVM through the application's factory, on a thread pool of its
 * own since starting and stopping an application may block.
 */
final class InProcessLauncher implements WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(InProcessLauncher.class);

    private final InProcessApplication application;
    private final ExecutorService blocking;

    InProcessLauncher(InProcessApplication application, ExecutorService blocking) {
        this.application = application;
        this.blocking = blocking;
    }

    @Override
    public CompletableFuture<LaunchedWorker> launch(String workerId, int port) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ApplicationInstance instance = application.start(port);
                if (instance == null) {
                    throw new WorkerException(workerId + ": the application's start(" + port + ") returned null");
                }
                return (LaunchedWorker) new InProcessWorker(workerId, instance, blocking);
            } catch (WorkerException e) {
                throw e;
            } catch (Exception e) {
                throw new WorkerException(workerId + ": the application failed to start on port " + port + ": "
                        + e, e);
            }
        }, blocking);
    }

    @Override
    public String describe() {
        String type = application.getClass().getName();
        // a lambda's class name says nothing to a reader
        return type.contains("$$Lambda") ? "in-process application" : "in-process application " + type;
    }

    /** A running in-process instance. */
    private static final class InProcessWorker implements LaunchedWorker {
        private final String workerId;
        private final ApplicationInstance instance;
        private final ExecutorService blocking;
        private final CompletableFuture<String> ended;

        InProcessWorker(String workerId, ApplicationInstance instance, ExecutorService blocking) {
            this.workerId = workerId;
            this.instance = instance;
            this.blocking = blocking;
            this.ended = instance.stopped().toCompletableFuture().handle((r, e) -> e == null ? "stopped"
                    : "failed: " + unwrap(e));
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public CompletableFuture<String> ended() {
            return ended;
        }

        @Override
        public void stop(Duration grace, ScheduledExecutorService timer) {
            blocking.execute(() -> {
                try {
                    instance.stop(grace);
                } catch (Exception e) {
                    log.warn("{}: stopping the in-process application failed", workerId, e);
                }
            });
        }

        private static String unwrap(Throwable e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return cause.getMessage() == null ? cause.toString() : cause.getMessage();
        }
    }
}
