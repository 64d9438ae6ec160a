package dev.multiserver.servlet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs each distinct warning once, so a value that no session can decode (a package missing from the allow-list
 * after a deploy) makes one line, not one per request. Remembers the last 1,024.
 */
final class DistinctWarnings {

    private static final int REMEMBERED = 1024;

    private final Logger log;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    DistinctWarnings(Logger log) {
        this.log = log;
    }

    void warn(String message) {
        boolean first;
        synchronized (seen) {
            first = seen.put(message, Boolean.TRUE) == null;
        }
        if (first) {
            log.warn(message);
        }
    }
}
