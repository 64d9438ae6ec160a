package dev.multiserver.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a store's outage once when it starts and once when it ends, however many calls fail in between. */
final class StoreHealth {

    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

    private final String uri;
    private final AtomicBoolean down = new AtomicBoolean();

    StoreHealth(String uri) {
        this.uri = uri;
    }

    void failed(String operation, Throwable error) {
        if (down.compareAndSet(false, true)) {
            log.warn("response cache store {} failed ({}); serving without it until it answers again: {}", uri,
                    operation, error.toString());
        }
    }

    void succeeded() {
        if (down.get() && down.compareAndSet(true, false)) {
            log.info("response cache store {} answers again", uri);
        }
    }
}
