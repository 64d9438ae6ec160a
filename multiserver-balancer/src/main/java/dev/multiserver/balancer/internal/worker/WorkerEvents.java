package dev.multiserver.balancer.internal.worker;

import dev.multiserver.balancer.worker.WorkerEvent;
import dev.multiserver.balancer.worker.WorkerEvent.Kind;
import dev.multiserver.balancer.worker.WorkerListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each worker event once and tells the user's listeners. */
final class WorkerEvents {

    private static final Logger log = LoggerFactory.getLogger("dev.multiserver.balancer.worker");

    private final List<WorkerListener> listeners;

    WorkerEvents(List<WorkerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(Kind kind, WorkerSlot slot, WorkerInstance instance, String detail) {
        fire(kind, slot, instance, detail, Duration.ZERO);
    }

    void fire(Kind kind, WorkerSlot slot, WorkerInstance instance, String detail, Duration backoff) {
        OptionalLong pid = instance == null ? OptionalLong.empty() : instance.process.pid();
        int port = instance == null ? 0 : instance.port;
        WorkerEvent event = new WorkerEvent(kind, slot.id, pid, port, detail, backoff, Instant.now());
        String where = instance == null ? "" : " (" + instance.describe() + ")";
        switch (kind) {
            case CRASHED -> log.warn("{}{} crashed: {}", slot.id, where, detail);
            case GAVE_UP -> log.error("{}", detail);
            default -> log.info("{}{} {}: {}", slot.id, where, kind, detail);
        }
        for (WorkerListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.error("worker listener {} failed on {}", listener, event, e);
            }
        }
    }
}
