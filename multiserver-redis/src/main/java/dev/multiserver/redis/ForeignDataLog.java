package dev.multiserver.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a key in the sessions' key space that holds something other than a session, once per key (among the
 * last 1024 reported), so a foreign key that clients keep asking for does not flood the log.
 */
final class ForeignDataLog {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);
    private static final int REMEMBERED_KEYS = 1024;

    private final String storeUri;
    private final Set<String> reported = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_KEYS;
                }
            }));

    ForeignDataLog(String storeUri) {
        this.storeUri = storeUri;
    }

    /** Logs that {@code key} (as shown in messages) holds {@code what} instead of a session. */
    void report(String key, String what) {
        if (reported.add(key)) {
            log.warn("{}: key {} holds {}, not a session written by multiserver; it loads as no session and a new "
                    + "session with its id replaces it", storeUri, key, what);
        }
    }
}
