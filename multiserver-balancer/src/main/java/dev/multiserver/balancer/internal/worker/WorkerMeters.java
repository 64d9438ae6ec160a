package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.worker.WorkerStatus;
import dev.multiserver.balancer.worker.WorkerStatus.State;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The workers in the balancer's metrics: {@code multiserver_workers{state}} (how many are in each state),
 * {@code multiserver_worker_crashes_total} and {@code multiserver_worker_restarts_total}.
 */
final class WorkerMeters {

    final AtomicLong crashes = new AtomicLong();
    final AtomicLong restarts = new AtomicLong();

    void register(MeterRegistry registry, Supplier<List<WorkerStatus>> workers) {
        for (State state : State.values()) {
            Gauge.builder("multiserver.workers", () -> workers.get().stream().filter(w -> w.state() == state).count())
                    .tag("state", state.name())
                    .description("Workers in each state")
                    .register(registry);
        }
        FunctionCounter.builder("multiserver.worker.crashes", crashes, AtomicLong::get)
                .description("Worker crashes: exits, failed starts, failed health checks")
                .register(registry);
        FunctionCounter.builder("multiserver.worker.restarts", restarts, AtomicLong::get)
                .description("Worker instances started after a slot's first: respawns and rolling restarts")
                .register(registry);
    }
}
