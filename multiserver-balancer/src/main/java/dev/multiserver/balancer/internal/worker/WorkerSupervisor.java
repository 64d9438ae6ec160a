package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.internal.ProxyServer;
import dev.multiserver.balancer.worker.WorkerEvent.Kind;
import dev.multiserver.balancer.worker.WorkerException;
import dev.multiserver.balancer.worker.WorkerStatus;
import dev.multiserver.balancer.worker.WorkerStatus.State;
import dev.multiserver.balancer.worker.Workers;
import dev.multiserver.balancer.worker.WorkersBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a balancer's workers at strength: launches each slot's instance on a free port, adds it as a
 * backend once it answers, replaces it when it crashes (backing off, and giving up after the crash-loop
 * limit), and restarts, scales and stops them. Every decision runs on one long-lived thread, which is
 * also the thread that starts child processes (see {@link ChildProcessLauncher}).
 */
public final class WorkerSupervisor {

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final long PROBE_INTERVAL_MILLIS = 100;
    private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final Workers workers;
    private final WorkerLauncher launcher;
    private final WorkerEvents events;
    private final ScheduledExecutorService thread;
    private final ExecutorService blocking;
    private final List<WorkerSlot> slots = new CopyOnWriteArrayList<>();
    private final WorkerMeters meters = new WorkerMeters();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private ProxyServer proxy;
    private int nextNumber = 1;
    private final AtomicReference<String> operationInProgress = new AtomicReference<>();
    private volatile CompletableFuture<Void> operation = CompletableFuture.completedFuture(null);
    private volatile boolean stopping;

    private WorkerSupervisor(Workers workers) {
        this.workers = workers;
        this.events = new WorkerEvents(workers.listeners());
        AtomicInteger threads = new AtomicInteger();
        this.blocking = Executors.newCachedThreadPool(r -> daemon(r, "multiserver-worker-start-"
                + threads.incrementAndGet()));
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "multiserver-workers"));
        this.launcher = workers.command().isPresent() ? new ChildProcessLauncher(workers)
                : new InProcessLauncher(workers.application().orElseThrow(), blocking);
    }

    /**
     * Checks that the workers can be started (their program exists) before anything runs.
     *
     * @throws WorkerException naming the command when it cannot
     */
    public static WorkerSupervisor create(Workers workers) {
        return new WorkerSupervisor(workers);
    }

    /** Starts the configured number of workers; the future completes when each is up, or fails. */
    public CompletableFuture<Void> start(ProxyServer proxy) {
        this.proxy = proxy;
        meters.register(proxy.meterRegistry(), this::status);
        proxy.onFailingHealthChecks(backend -> thread.execute(() -> failedChecks(backend)));
        return onThread(() -> {
            List<CompletableFuture<Void>> up = new ArrayList<>();
            for (int i = 0; i < workers.count(); i++) {
                up.add(addSlot().firstUp);
            }
            return allOrFirstFailure(up);
        });
    }

    public List<WorkerStatus> status() {
        return slots.stream().map(WorkerSlot::status).toList();
    }

    /**
     * Replaces every worker, one at a time: starts a replacement, waits until it answers, then drains and
     * stops the old one. Fails when another restart or scale is in progress, or when a replacement does
     * not come up (the old instance then keeps serving).
     */
    public CompletableFuture<Void> restart() {
        return operate("a rolling restart", done -> restartFrom(List.copyOf(slots), 0, done));
    }

    /**
     * Replaces one worker as a rolling restart replaces each: its replacement first, then the old instance
     * drains. A worker that is down is started again at once, its crash count in a row reset.
     *
     * @throws NoSuchElementException naming {@code id} when no worker has it
     * @throws IllegalStateException when another restart or scale is in progress
     */
    public CompletableFuture<Void> restart(String id) {
        WorkerSlot slot = slots.stream().filter(s -> s.id.equals(id) && !s.removed).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no worker " + id + " (expected: one of "
                        + String.join(", ", slots.stream().filter(s -> !s.removed).map(s -> s.id).toList()) + ")"));
        return operate("a restart of " + id, done -> restartFrom(List.of(slot), 0, done));
    }

    /** Starts or stops workers until {@code count} run; stopping drains the highest-numbered ones. */
    public CompletableFuture<Void> scale(int count) {
        if (count < 1 || count > WorkersBuilder.MAX_COUNT) {
            throw new IllegalArgumentException("count: " + count + " (expected: 1-" + WorkersBuilder.MAX_COUNT + ")");
        }
        return operate("scaling to " + count + " worker(s)", done -> {
            List<WorkerSlot> live = slots.stream().filter(s -> !s.removed).toList();
            CompletableFuture<Void> step;
            if (count >= live.size()) {
                List<CompletableFuture<Void>> up = new ArrayList<>();
                for (int i = live.size(); i < count; i++) {
                    up.add(addSlot().firstUp);
                }
                step = allOrFirstFailure(up);
            } else {
                List<WorkerSlot> victims = live.stream()
                        .sorted(Comparator.comparingInt((WorkerSlot s) -> s.number).reversed())
                        .limit(live.size() - count).toList();
                step = CompletableFuture.allOf(victims.stream().map(this::removeSlot)
                        .toArray(CompletableFuture[]::new));
            }
            step.whenCompleteAsync((r, e) -> finish(done, e), thread);
        });
    }

    /**
     * Stops every worker (SIGTERM, then SIGKILL after the grace period) and waits for them to end. Calling
     * it again waits for the first call.
     */
    public void stop() {
        if (thread.isShutdown()) {
            return;
        }
        Duration grace = workers.stopGrace();
        CompletableFuture<Void> ended = onThread(this::stopAll);
        try {
            ended.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("workers still running {} ms after they were told to stop", grace.toMillis() + 5000);
        } catch (ExecutionException e) {
            log.warn("stopping workers failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.shutdown();
            blocking.shutdown();
        }
    }

    // ---- slots ------------------------------------------------------------------------------------

    private WorkerSlot addSlot() {
        WorkerSlot slot = new WorkerSlot(nextNumber++);
        slots.add(slot);
        launch(slot, false);
        return slot;
    }

    private CompletableFuture<Void> removeSlot(WorkerSlot slot) {
        slot.removed = true;
        slot.cancelRespawn();
        slot.state = State.STOPPING;
        CompletableFuture<Void> ended = CompletableFuture.allOf(retire(slot.current, "scaled down"),
                retire(slot.replacement, "scaled down"));
        return ended.whenCompleteAsync((r, e) -> {
            slot.state = State.STOPPED;
            slots.remove(slot);
        }, thread);
    }

    /**
     * Launches an instance for {@code slot}: as its current instance, or as the replacement of a rolling
     * restart. The future completes when it is up.
     */
    private CompletableFuture<WorkerInstance> launch(WorkerSlot slot, boolean asReplacement) {
        CompletableFuture<WorkerInstance> ready = new CompletableFuture<>();
        if (slot.launches++ > 0) {
            slot.restarts++;
            meters.restarts.incrementAndGet();
        }
        if (!asReplacement) {
            slot.state = State.STARTING;
        }
        int port;
        CompletableFuture<LaunchedWorker> launched;
        try {
            port = FreePort.find();
            launched = launcher.launch(slot.id, port);
        } catch (RuntimeException e) {
            port = 0;
            launched = CompletableFuture.failedFuture(e);
        }
        int instancePort = port;
        launched.whenCompleteAsync((process, failure) -> {
            if (failure != null) {
                String why = message(failure);
                ready.completeExceptionally(new WorkerException(why, unwrap(failure)));
                crashed(slot, null, asReplacement, why);
                return;
            }
            WorkerInstance instance = new WorkerInstance(process, instancePort, ready);
            if (asReplacement) {
                slot.replacement = instance;
            } else {
                slot.current = instance;
            }
            events.fire(Kind.STARTED, slot, instance, "launched " + launcher.describe());
            process.ended().whenCompleteAsync((how, e) -> ended(slot, instance, how), thread);
            if (stopping) {
                instance.stopRequested = true;
                process.stop(Duration.ZERO, thread);
                return;
            }
            awaitReady(slot, instance, System.nanoTime() + workers.startTimeout().toNanos());
        }, thread);
        return ready;
    }

    private void awaitReady(WorkerSlot slot, WorkerInstance instance, long deadline) {
        if (instance.ended || instance.stopRequested || instance.failure != null) {
            return;
        }
        Duration timeout = workers.startTimeout().compareTo(MAX_PROBE_TIMEOUT) < 0 ? workers.startTimeout()
                : MAX_PROBE_TIMEOUT;
        proxy.probe(instance.backend, timeout).whenCompleteAsync((failure, e) -> {
            if (instance.ended || instance.stopRequested || instance.failure != null) {
                return;
            }
            if (failure == null) {
                becameUp(slot, instance);
            } else if (System.nanoTime() - deadline >= 0) {
                kill(instance, "did not answer within " + workers.startTimeout().toMillis() + " ms (last check: "
                        + failure + ")");
            } else {
                thread.schedule(() -> awaitReady(slot, instance, deadline), PROBE_INTERVAL_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }, thread);
    }

    private void becameUp(WorkerSlot slot, WorkerInstance instance) {
        try {
            proxy.addBackend(instance.backend);
        } catch (IllegalArgumentException e) {
            kill(instance, e.getMessage());
            return;
        }
        instance.inPool = true;
        instance.upSinceNanos = System.nanoTime();
        slot.cancelRespawn();
        events.fire(Kind.UP, slot, instance, "answered after " + seconds(instance.alive()) + ", in the pool as "
                + instance.backend);
        if (slot.replacement == instance) {
            WorkerInstance old = slot.current;
            slot.replacement = null;
            slot.current = instance;
            retire(old, "replaced by a rolling restart");
        }
        slot.state = State.UP;
        slot.firstUp.complete(null);
        instance.ready.complete(instance);
    }

    /** Drains an instance out of the pool (within the stop grace), then stops it; completes when it ended. */
    private CompletableFuture<Void> retire(WorkerInstance instance, String why) {
        if (instance == null || instance.ended) {
            return CompletableFuture.completedFuture(null);
        }
        instance.stopRequested = true;
        CompletableFuture<Void> drained = CompletableFuture.completedFuture(null);
        if (instance.inPool) {
            instance.inPool = false;
            try {
                drained = proxy.drainBackend(instance.backend)
                        .completeOnTimeout(null, workers.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (NoSuchElementException e) {
                log.debug("{} had already left the pool", instance.backend);
            }
        }
        drained.whenCompleteAsync((r, e) -> {
            removeQuietly(instance.backend);
            log.info("stopping {} ({}): {}", instance.backend, instance.describe(), why);
            instance.process.stop(workers.stopGrace(), thread);
        }, thread);
        return instance.finished;
    }

    /** Stops an instance that failed; its exit then counts as a crash, with {@code failure} as the cause. */
    private void kill(WorkerInstance instance, String failure) {
        instance.failure = failure;
        instance.process.stop(workers.stopGrace(), thread);
    }

    private void failedChecks(Backend backend) {
        for (WorkerSlot slot : slots) {
            for (WorkerInstance instance : new WorkerInstance[] {slot.current, slot.replacement}) {
                if (instance != null && instance.backend.equals(backend) && !instance.ended
                        && !instance.stopRequested && instance.failure == null) {
                    kill(instance, "stopped answering health checks");
                }
            }
        }
    }

    private void ended(WorkerSlot slot, WorkerInstance instance, String how) {
        try {
            handleEnd(slot, instance, how);
        } finally {
            instance.finished.complete(null);
        }
    }

    private void handleEnd(WorkerSlot slot, WorkerInstance instance, String how) {
        instance.ended = true;
        if (instance.stopRequested) {
            if (!stopping) {
                removeQuietly(instance.backend);
            }
            events.fire(Kind.STOPPED, slot, instance, how);
            instance.ready.completeExceptionally(new WorkerException(slot.id + " was stopped before it was up"));
            return;
        }
        String what = (instance.failure != null ? instance.failure + "; it " + how : how) + " after "
                + seconds(instance.alive());
        if (instance.inPool) {
            instance.inPool = false;
            try {
                proxy.removeFailedBackend(instance.backend, slot.id + " (" + instance.describe() + ") " + what);
            } catch (NoSuchElementException e) {
                log.debug("{} had already left the pool", instance.backend);
            }
        }
        instance.ready.completeExceptionally(new WorkerException(slot.id + " " + what));
        crashed(slot, instance, slot.replacement == instance, what);
    }

    private void crashed(WorkerSlot slot, WorkerInstance instance, boolean asReplacement, String what) {
        slot.crashes++;
        meters.crashes.incrementAndGet();
        slot.lastError = what;
        events.fire(Kind.CRASHED, slot, instance, what);
        if (asReplacement) {
            slot.replacement = null;
            return;
        }
        if (stopping || slot.removed || (instance != null && slot.current != instance)) {
            return;
        }
        slot.current = null;
        if (instance != null && instance.isUp()
                && System.nanoTime() - instance.upSinceNanos >= workers.stableAfter().toNanos()) {
            slot.crashesInARow = 0;
        }
        if (++slot.crashesInARow >= workers.crashLoopLimit()) {
            slot.state = State.FAILED;
            String error = slot.id + " crashed " + slot.crashesInARow + " times in a row, not respawning it ("
                    + launcher.describe() + "); last: " + what;
            slot.lastError = error;
            events.fire(Kind.GAVE_UP, slot, instance, error);
            slot.firstUp.completeExceptionally(new WorkerException(error));
            return;
        }
        Duration delay = Backoff.delay(workers.initialBackoff(), workers.maxBackoff(), slot.crashesInARow);
        slot.state = State.BACKOFF;
        events.fire(Kind.RESPAWN_SCHEDULED, slot, instance, "respawning in " + delay.toMillis() + " ms (crash "
                + slot.crashesInARow + " in a row of at most " + workers.crashLoopLimit() + ")", delay);
        slot.respawn = thread.schedule(() -> {
            slot.respawn = null;
            if (!stopping && !slot.removed) {
                launch(slot, false);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- rolling restart --------------------------------------------------------------------------

    private void restartFrom(List<WorkerSlot> list, int index, CompletableFuture<Void> done) {
        if (stopping) {
            finish(done, new WorkerException("the balancer is stopping"));
            return;
        }
        if (index == list.size()) {
            log.info("restart of {} worker(s) done", list.size());
            finish(done, null);
            return;
        }
        WorkerSlot slot = list.get(index);
        CompletableFuture<?> step;
        if (slot.removed) {
            step = CompletableFuture.completedFuture(null);
        } else if (slot.state == State.UP && slot.current != null) {
            WorkerInstance old = slot.current;
            step = launch(slot, true).thenCompose(replacement -> old.finished);
        } else if (slot.state == State.STARTING && slot.current != null) {
            step = slot.current.ready;
        } else {
            slot.cancelRespawn();
            slot.crashesInARow = 0;
            step = launch(slot, false);
        }
        step.whenCompleteAsync((r, e) -> {
            if (e != null) {
                finish(done, new WorkerException("rolling restart stopped at " + slot.id + ": " + message(e),
                        unwrap(e)));
            } else {
                restartFrom(list, index + 1, done);
            }
        }, thread);
    }

    // ---- shutdown ---------------------------------------------------------------------------------

    private CompletableFuture<Void> stopAll() {
        if (stopping) {
            return stopped;
        }
        stopping = true;
        List<CompletableFuture<Void>> ended = new ArrayList<>();
        for (WorkerSlot slot : slots) {
            slot.cancelRespawn();
            if (slot.state != State.FAILED) {
                slot.state = State.STOPPING;
            }
            for (WorkerInstance instance : new WorkerInstance[] {slot.current, slot.replacement}) {
                if (instance != null && !instance.ended) {
                    instance.stopRequested = true;
                    instance.process.stop(workers.stopGrace(), thread);
                    ended.add(instance.finished);
                }
            }
        }
        operation.completeExceptionally(new WorkerException("cancelled: the balancer is stopping"));
        CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new)).whenCompleteAsync((r, e) -> {
            slots.stream().filter(slot -> slot.state != State.FAILED).forEach(slot -> slot.state = State.STOPPED);
            stopped.complete(null);
        }, thread);
        return stopped;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /**
     * Runs one restart or scale at a time, on the supervisor's thread.
     *
     * @throws IllegalStateException at once when another is in progress or the workers are stopping
     */
    private CompletableFuture<Void> operate(String name, Consumer<CompletableFuture<Void>> body) {
        if (stopping) {
            throw new IllegalStateException("the workers are stopping");
        }
        String other = operationInProgress.compareAndExchange(null, name);
        if (other != null) {
            throw new IllegalStateException(other + " is in progress");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((r, e) -> operationInProgress.set(null));
        operation = done;
        try {
            thread.execute(() -> body.accept(done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("the workers were stopped"));
        }
        return done;
    }

    private void finish(CompletableFuture<Void> done, Throwable failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            String name = operationInProgress.get();
            log.error("{} failed: {}", name, message(failure));
            done.completeExceptionally(failure instanceof WorkerException ? failure
                    : new WorkerException(name + " failed: " + message(failure), unwrap(failure)));
        }
    }

    private void removeQuietly(Backend backend) {
        try {
            proxy.removeBackend(backend);
        } catch (NoSuchElementException e) {
            // it had left the pool already (drained)
        }
    }

    /** Runs {@code action} on the supervisor's thread; its exceptions (e.g. a refused operation) fail the future. */
    private <T> CompletableFuture<T> onThread(Supplier<CompletableFuture<T>> action) {
        try {
            return CompletableFuture.supplyAsync(action, thread).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the workers were stopped"));
        }
    }

    private static CompletableFuture<Void> allOrFirstFailure(List<CompletableFuture<Void>> futures) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).whenComplete((r, e) -> {
            if (e == null) {
                all.complete(null);
            } else {
                all.completeExceptionally(unwrap(e));
            }
        });
        for (CompletableFuture<Void> f : futures) {
            f.whenComplete((r, e) -> {
                if (e != null) {
                    all.completeExceptionally(unwrap(e));
                }
            });
        }
        return all;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String message(Throwable e) {
        Throwable cause = unwrap(e);
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
