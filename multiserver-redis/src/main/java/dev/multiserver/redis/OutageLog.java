package dev.multiserver.redis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says once, in one WARN line without a stack trace, that something the channel does in the background fails, and
 * once more when it works again; the failures in between are logged at DEBUG, so a server that stays down for an
 * hour does not flood the log.
 */
final class OutageLog {

    private static final Logger log = LoggerFactory.getLogger(RedisEventChannel.class);

    private final String channelUri;
    private final String activity;
    private boolean failing;

    OutageLog(String channelUri, String activity) {
        this.channelUri = channelUri;
        this.activity = activity;
    }

    synchronized void failed(Throwable error) {
        if (!failing) {
            failing = true;
            log.warn("{}: {} failed: {}; retrying until Redis answers", channelUri, activity,
                    RedisCalls.describe(error));
        } else {
            log.debug("{}: {} failed again", channelUri, activity, error);
        }
    }

    synchronized void succeeded() {
        if (failing) {
            failing = false;
            log.info("{}: {} works again", channelUri, activity);
        }
    }
}
