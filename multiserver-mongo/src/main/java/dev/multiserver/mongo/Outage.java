package dev.multiserver.mongo;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports a reader's lost connection in one WARN line and its return in one INFO line, however long it lasts. */
final class Outage {

    private static final Logger log = LoggerFactory.getLogger(MongoEventChannel.class);

    private final String channelUri;
    private final Duration timeout;
    private boolean down;

    Outage(String channelUri, Duration timeout) {
        this.channelUri = channelUri;
        this.timeout = timeout;
    }

    void failed(String what, RuntimeException e) {
        if (!down) {
            down = true;
            log.warn("{}: {} failed ({}); retrying until the server is back", channelUri, what,
                    Failures.describe(e, timeout));
        }
    }

    void recovered(String what) {
        if (down) {
            down = false;
            log.info("{}: {} works again", channelUri, what);
        }
    }
}
