package dev.multiserver.memcached;

import com.spotify.folsom.guava.HostAndPort;
import com.spotify.folsom.reconnect.ReconnectionListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a server going away once, as one WARN line without a stack trace, and coming back once, at INFO; the
 * reconnection attempts in between are at DEBUG. Folsom would otherwise log every attempt.
 */
final class ConnectionLog implements ReconnectionListener {

    private static final Logger log = LoggerFactory.getLogger(MemcachedSessionStore.class);

    private final String storeUri;
    private final Set<HostAndPort> down = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    ConnectionLog(String storeUri) {
        this.storeUri = storeUri;
    }

    /** The store is closing its connections: that is not news. */
    void closing() {
        closing = true;
    }

    @Override
    public void connectionLost(Throwable cause, HostAndPort address) {
        if (closing) {
            log.debug("{}: closed the connection to {}", storeUri, address);
        } else if (down.add(address)) {
            log.warn("{}: lost the connection to {} ({}); calls that need it fail until it is back",
                    storeUri, address, describe(cause));
        }
    }

    @Override
    public void reconnectionQueuedFromError(Throwable cause, HostAndPort address, long backOffMillis, int attempt) {
        if (closing) {
            log.debug("{}: not connecting to {} again: the store is closing", storeUri, address);
        } else if (down.add(address)) {
            log.warn("{}: cannot connect to {} ({}); calls that need it fail until it is back",
                    storeUri, address, describe(cause));
        } else {
            log.debug("{}: connecting to {} again in {} ms (attempt {}): {}", storeUri, address, backOffMillis,
                    attempt, describe(cause));
        }
    }

    @Override
    public void reconnectionSuccessful(HostAndPort address, int attempt, boolean willStayConnected) {
        if (down.remove(address)) {
            log.info("{}: connected to {} again", storeUri, address);
        }
    }

    @Override
    public void connectionFailure(Throwable cause) {
        log.debug("{}: connection failure: {}", storeUri, describe(cause));
    }

    @Override
    public void reconnectionCancelled() {
        log.debug("{}: reconnection cancelled (the store is closing)", storeUri);
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "connection closed";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
