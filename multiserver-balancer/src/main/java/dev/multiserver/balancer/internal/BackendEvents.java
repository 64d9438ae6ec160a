package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.BackendEvent;
import dev.multiserver.balancer.BackendListener;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each backend event once, with its reason, and tells the user's listeners. */
final class BackendEvents {

    private static final Logger log = LoggerFactory.getLogger(BackendEvents.class);

    private final List<BackendListener> listeners;

    BackendEvents(List<BackendListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void fire(BackendEvent.Kind kind, Backend backend, String reason) {
        BackendEvent event = new BackendEvent(kind, backend, reason, Instant.now());
        if (kind == BackendEvent.Kind.DOWN) {
            log.warn("backend {} is DOWN: {}", backend, reason);
        } else {
            log.info("backend {} is {}: {}", backend, kind, reason);
        }
        for (BackendListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                log.error("backend listener {} failed on {}", listener, event, e);
            }
        }
    }
}
