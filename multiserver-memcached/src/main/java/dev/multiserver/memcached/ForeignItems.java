package dev.multiserver.memcached;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.multiserver.session.SessionIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns about items under session keys that this store did not write, once per key: another program sharing the
 * server, or data from an incompatible version. Such an item reads as no session.
 */
final class ForeignItems {

    private static final Logger log = LoggerFactory.getLogger(MemcachedSessionStore.class);
    // bounded, so a client sending many forged ids cannot grow it
    private static final int REMEMBERED_KEYS = 10_000;

    private final String storeUri;
    private final Cache<String, Boolean> warned = Caffeine.newBuilder().maximumSize(REMEMBERED_KEYS).build();

    ForeignItems(String storeUri) {
        this.storeUri = storeUri;
    }

    void found(String key, int size) {
        if (warned.asMap().putIfAbsent(key, Boolean.TRUE) == null) {
            // the key ends with the session id, a credential: only its start is logged
            int idStart = key.lastIndexOf(':') + 1;
            String shown = key.substring(0, idStart) + SessionIds.abbreviate(key.substring(idStart));
            log.warn("{}: the item under key '{}' ({} bytes) is not a session this store wrote; it reads as no "
                    + "session and is replaced when a new session takes its id", storeUri, shown, size);
        }
    }
}
