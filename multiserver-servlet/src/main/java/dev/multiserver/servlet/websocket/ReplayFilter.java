package dev.multiserver.servlet.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last sequence number seen from each origin, so that a duplicate or an older message (a channel that
 * replays after a reconnect) is not delivered twice. A node's sequence starts from the clock, so one restarted with
 * the same id is not mistaken for a replay.
 */
final class ReplayFilter {

    private record Seen(long sequence, long atNanos) {
    }

    private final Map<String, Seen> last = new ConcurrentHashMap<>();

    /** Whether the message is newer than every one seen from its origin; remembers it when it is. */
    boolean accept(String origin, long sequence, long nowNanos) {
        boolean[] newer = {false};
        last.compute(origin, (name, seen) -> {
            if (seen != null && sequence <= seen.sequence()) {
                return seen;
            }
            newer[0] = true;
            return new Seen(sequence, nowNanos);
        });
        return newer[0];
    }

    /** Forgets origins silent for longer than {@code idleNanos}, far longer than any channel retains messages. */
    void forgetIdle(long nowNanos, long idleNanos) {
        last.values().removeIf(seen -> nowNanos - seen.atNanos() > idleNanos);
    }

    int origins() {
        return last.size();
    }
}
