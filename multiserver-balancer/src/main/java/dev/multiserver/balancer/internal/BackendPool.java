package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendEvent;
import dev.multiserver.balancer.BackendStatus;
import dev.multiserver.balancer.BackendStatus.State;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import dev.multiserver.balancer.algorithm.RequestContext;
import dev.multiserver.balancer.health.PassiveHealthCheck;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of one balancer, the algorithm that chooses among them, and every change of the pool:
 * backends added, removed and drained at runtime, marked down and up by health checks, ejected and
 * readmitted by passive checks. Each change tells the algorithm, the metrics and the listeners.
 */
final class BackendPool {

    private static final Logger log = LoggerFactory.getLogger(BackendPool.class);

    private final Algorithm algorithm;
    private final Duration slowStart;
    private final PassiveHealthCheck passive;
    private final BackendEvents events;
    private final BalancerMetrics metrics;
    private final EventExecutorGroup scheduler;
    private final Consumer<Backend> onRemoved;
    private final Duration webSocketDrainGrace;
    private final Map<TrackedBackend, CompletableFuture<Void>> drains = new ConcurrentHashMap<>();
    private volatile List<BackendState> members = List.of();
    private volatile Consumer<Backend> failingChecksListener = backend -> { };

    BackendPool(List<Backend> backends, Algorithm algorithm, Duration slowStart, PassiveHealthCheck passive,
            BackendEvents events, BalancerMetrics metrics, EventExecutorGroup scheduler,
            Consumer<Backend> onRemoved, Duration webSocketDrainGrace) {
        this.algorithm = algorithm;
        this.slowStart = slowStart;
        this.passive = passive;
        this.events = events;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.onRemoved = onRemoved;
        this.webSocketDrainGrace = webSocketDrainGrace;
        for (Backend backend : backends) {
            join(backend, false, "configured");
        }
    }

    Algorithm algorithm() {
        return algorithm;
    }

    List<Backend> backends() {
        return members.stream().map(BackendState::backend).toList();
    }

    List<TrackedBackend> members() {
        return members.stream().map(TrackedBackend.class::cast).toList();
    }

    List<BackendStatus> status() {
        return members().stream().map(TrackedBackend::status).toList();
    }

    // ---- choosing --------------------------------------------------------------------------------------

    /**
     * The backend for this request among those up and not in {@code tried}, or {@code null} when none is
     * available or the algorithm refuses.
     */
    TrackedBackend pick(RequestContext request, List<TrackedBackend> tried) {
        List<BackendState> current = members;
        List<BackendState> candidates = current;
        for (BackendState state : current) {
            if (!state.healthy() || tried.contains(state)) {
                candidates = current.stream().filter(s -> s.healthy() && !tried.contains(s)).toList();
                break;
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        BackendState chosen = algorithm.pick(request, candidates);
        if (chosen == null) {
            return null;
        }
        for (BackendState candidate : candidates) {
            if (candidate == chosen) {
                return (TrackedBackend) chosen;
            }
        }
        throw new IllegalStateException("algorithm " + algorithm + " returned " + chosen
                + ", which is not one of the candidates it was offered");
    }

    /** An exchange with {@code backend} ended: figures, algorithm, passive health, a drain that waited. */
    void exchangeEnded(TrackedBackend backend, ExchangeOutcome outcome) {
        backend.exchangeEnded(outcome);
        if (backend.isRemoved()) {
            if (backend.isIdle()) {
                completeDrain(backend);
            }
            return;
        }
        try {
            algorithm.onExchangeComplete(backend, outcome);
        } catch (RuntimeException e) {
            log.error("algorithm {} failed in onExchangeComplete", algorithm, e);
        }
        if (passive.isEnabled() && outcome.kind() != ExchangeOutcome.Kind.CANCELLED) {
            observeForPassiveHealth(backend, outcome);
        }
        if (backend.isIdle() && backend.state() == State.DRAINING) {
            finishDraining(backend);
        }
    }

    // ---- WebSockets --------------------------------------------------------------------------------

    /** A WebSocket with {@code backend} began; one opened as the backend leaves gets the drain grace too. */
    void tunnelOpened(TrackedBackend backend, WebSocketTunnel tunnel) {
        backend.tunnelOpened(tunnel);
        if (backend.isRemoved() || backend.state() == State.DRAINING) {
            closeAfterGrace(List.of(tunnel), "the backend left the pool");
        }
    }

    /** A WebSocket with {@code backend} ended: a drain that waited for it may be over. */
    void tunnelClosed(TrackedBackend backend, WebSocketTunnel tunnel) {
        backend.tunnelClosed(tunnel);
        if (!backend.isIdle()) {
            return;
        }
        if (backend.isRemoved()) {
            completeDrain(backend);
        } else if (backend.state() == State.DRAINING) {
            finishDraining(backend);
        }
    }

    /** Lets WebSockets finish for the grace period, then closes them with 1001 (going away). */
    private void closeAfterGrace(List<WebSocketTunnel> tunnels, String why) {
        if (tunnels.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> tunnels.forEach(tunnel -> tunnel.goAway(WebSocketCloseFrame.GOING_AWAY, why)),
                webSocketDrainGrace.toNanos(), TimeUnit.NANOSECONDS);
    }

    // ---- membership --------------------------------------------------------------------------------

    void add(Backend backend) {
        join(backend, true, "added at runtime");
    }

    private void join(Backend backend, boolean slowly, String reason) {
        TrackedBackend tracked = new TrackedBackend(backend, slowStart);
        synchronized (this) {
            for (BackendState member : members) {
                if (member.backend().equals(backend)) {
                    throw new IllegalArgumentException("backend " + backend + " is already in the pool");
                }
            }
            tracked.attachMeters(metrics.forBackend(tracked));
            List<BackendState> next = new ArrayList<>(members);
            next.add(tracked);
            members = List.copyOf(next);
        }
        if (slowly) {
            tracked.startSlowStart();
        }
        algorithm.onBackendAdded(tracked);
        events.fire(BackendEvent.Kind.ADDED, backend, reason);
    }

    void remove(Backend backend) {
        leave(find(backend), "removed");
    }

    CompletableFuture<Void> drain(Backend backend) {
        TrackedBackend tracked = find(backend);
        CompletableFuture<Void> drained = drains.computeIfAbsent(tracked, t -> new CompletableFuture<>());
        State previous;
        synchronized (tracked) {
            tracked.draining = true;
            previous = tracked.updateState();
        }
        if (previous != State.DRAINING) {
            metrics.healthTransition(tracked, State.DRAINING);
            if (previous == State.UP) {
                algorithm.onBackendDown(tracked);
            }
            events.fire(BackendEvent.Kind.DRAINING, backend, tracked.inFlight() + " request(s) in flight");
        }
        if (tracked.isIdle()) {
            finishDraining(tracked);
        } else if (previous != State.DRAINING) {
            closeAfterGrace(tracked.tunnels(), "the backend is draining");
        }
        return drained;
    }

    private void finishDraining(TrackedBackend tracked) {
        if (!tracked.isRemoved()) {
            leave(tracked, "drained");
        }
        if (tracked.isIdle()) {
            completeDrain(tracked);
        }
    }

    private void completeDrain(TrackedBackend tracked) {
        CompletableFuture<Void> drained = drains.remove(tracked);
        if (drained != null) {
            drained.complete(null);
        }
    }

    private void leave(TrackedBackend tracked, String reason) {
        synchronized (this) {
            if (!members.contains(tracked)) {
                return;
            }
            List<BackendState> next = new ArrayList<>(members);
            next.remove(tracked);
            members = List.copyOf(next);
            tracked.markRemoved();
        }
        algorithm.onBackendRemoved(tracked);
        onRemoved.accept(tracked.backend());
        events.fire(BackendEvent.Kind.REMOVED, tracked.backend(), reason);
        closeAfterGrace(tracked.tunnels(), "the backend left the pool");
    }

    /** Takes a backend that is gone (its worker exited) out of the pool: DOWN, then REMOVED, both with why. */
    void removeFailed(Backend backend, String reason) {
        TrackedBackend tracked = find(backend);
        State previous;
        synchronized (tracked) {
            previous = tracked.state();
        }
        if (previous != State.DOWN) {
            metrics.healthTransition(tracked, State.DOWN);
            events.fire(BackendEvent.Kind.DOWN, backend, reason);
        }
        leave(tracked, reason);
    }

    /** Tells {@code listener} of each backend that active health checks take down. */
    void onFailingChecks(Consumer<Backend> listener) {
        this.failingChecksListener = listener;
    }

    private TrackedBackend find(Backend backend) {
        for (BackendState member : members) {
            if (member.backend().equals(backend)) {
                return (TrackedBackend) member;
            }
        }
        throw new NoSuchElementException("backend " + backend + " is not in the pool");
    }

    // ---- health ------------------------------------------------------------------------------------

    /** Active checks took the backend down ({@code failing}) or brought it back. */
    void checked(TrackedBackend tracked, boolean failing, String reason) {
        State previous;
        State now;
        synchronized (tracked) {
            if (tracked.failingChecks == failing) {
                return;
            }
            tracked.failingChecks = failing;
            previous = tracked.updateState();
            now = tracked.state();
        }
        transition(tracked, previous, now, reason);
        if (failing) {
            failingChecksListener.accept(tracked.backend());
        }
    }

    private void observeForPassiveHealth(TrackedBackend tracked, ExchangeOutcome outcome) {
        boolean failure = TrackedBackend.isFailure(outcome);
        long ejectFor;
        State previous;
        synchronized (tracked) {
            if (!failure) {
                tracked.failureStreak = 0;
                return;
            }
            if (++tracked.failureStreak < passive.consecutiveFailures() || tracked.ejected) {
                return;
            }
            if (isLastUp(tracked)) {
                return;
            }
            long now = System.nanoTime();
            if (now - tracked.readmittedAt > passive.maxEjectionTime().toNanos()) {
                tracked.ejections = 0;
            }
            int doublings = Math.min(tracked.ejections++, 30);
            ejectFor = Math.min(passive.ejectionTime().toNanos() << doublings,
                    passive.maxEjectionTime().toNanos());
            if (ejectFor <= 0) {
                ejectFor = passive.maxEjectionTime().toNanos();
            }
            tracked.ejected = true;
            previous = tracked.updateState();
        }
        String reason = passive.consecutiveFailures() + " failed request(s) in a row, the last "
                + describe(outcome) + "; ejected for " + TimeUnit.NANOSECONDS.toMillis(ejectFor) + " ms";
        transition(tracked, previous, tracked.state(), reason);
        scheduler.schedule(() -> readmit(tracked), ejectFor, TimeUnit.NANOSECONDS);
    }

    private boolean isLastUp(TrackedBackend tracked) {
        for (BackendState member : members) {
            if (member != tracked && member.healthy()) {
                return false;
            }
        }
        return true;
    }

    private void readmit(TrackedBackend tracked) {
        State previous;
        synchronized (tracked) {
            tracked.ejected = false;
            tracked.failureStreak = 0;
            tracked.readmittedAt = System.nanoTime();
            previous = tracked.updateState();
        }
        transition(tracked, previous, tracked.state(), "ejection over");
    }

    private void transition(TrackedBackend tracked, State previous, State now, String reason) {
        if (previous == now || tracked.isRemoved()) {
            return;
        }
        metrics.healthTransition(tracked, now);
        if (now == State.DOWN) {
            if (previous == State.UP) {
                algorithm.onBackendDown(tracked);
            }
            events.fire(BackendEvent.Kind.DOWN, tracked.backend(), reason);
        } else if (now == State.UP) {
            tracked.startSlowStart();
            algorithm.onBackendUp(tracked);
            events.fire(BackendEvent.Kind.UP, tracked.backend(), reason);
        }
    }

    private static String describe(ExchangeOutcome outcome) {
        return switch (outcome.kind()) {
            case RESPONDED -> "answered " + outcome.status();
            case CONNECT_FAILED -> "could not connect";
            case TIMED_OUT -> "timed out";
            case BROKEN -> "closed the connection before a complete response";
            case CANCELLED -> "cancelled";
        };
    }
}
