package dev.multiserver.servlet.websocket;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The member counts other nodes announced, each kept while it is fresh (three announcement intervals), and the wire
 * form of one node's counts: a count of rooms, then each room's name and members.
 */
final class Presence {

    /** A room entry at its largest: the name's length, 200 characters of up to 3 bytes, the count. */
    private static final int MAX_ENTRY_BYTES = 2 + Names.MAX_ROOM_CHARS * 3 + 4;

    private record Counts(Map<String, Integer> byRoom, long atNanos) {
    }

    private final Map<String, Counts> others = new ConcurrentHashMap<>();
    private final long freshNanos;

    Presence(long freshNanos) {
        this.freshNanos = freshNanos;
    }

    /** Replaces what the origin announced before. */
    void update(String origin, Map<String, Integer> counts, long nowNanos) {
        others.put(origin, new Counts(counts, nowNanos));
    }

    /** What other nodes with fresh announcements count in the room. */
    long others(String room, long nowNanos) {
        long sum = 0;
        for (Counts counts : others.values()) {
            if (nowNanos - counts.atNanos() <= freshNanos) {
                sum += counts.byRoom().getOrDefault(room, 0);
            }
        }
        return sum;
    }

    void forgetStale(long nowNanos) {
        others.values().removeIf(counts -> nowNanos - counts.atNanos() > freshNanos);
    }

    /**
     * The counts as bytes of at most {@code maxBytes}; rooms beyond that are left out (the result says how many),
     * their cluster counts then cover the other nodes only.
     */
    static Encoded encode(Map<String, Integer> counts, int maxBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int written = 0;
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0);    // replaced below, once the number written is known
            for (Map.Entry<String, Integer> entry : counts.entrySet()) {
                if (out.size() + MAX_ENTRY_BYTES > maxBytes) {
                    break;
                }
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue());
                written++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        byte[] encoded = bytes.toByteArray();
        encoded[0] = (byte) (written >>> 24);
        encoded[1] = (byte) (written >>> 16);
        encoded[2] = (byte) (written >>> 8);
        encoded[3] = (byte) written;
        return new Encoded(encoded, counts.size() - written);
    }

    record Encoded(byte[] bytes, int omitted) {
    }

    /** @throws IllegalArgumentException when the bytes are not counts in this form */
    static Map<String, Integer> decode(byte[] payload) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        try {
            int rooms = in.readInt();
            if (rooms < 0 || rooms > payload.length / 6) {
                throw new IllegalArgumentException("presence: " + rooms + " rooms announced in " + payload.length
                        + " bytes");
            }
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < rooms; i++) {
                String room = in.readUTF();
                int members = in.readInt();
                if (members < 0) {
                    throw new IllegalArgumentException("presence: room '" + room + "' has " + members + " members");
                }
                counts.put(room, members);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("presence: " + in.available() + " bytes left over");
            }
            return counts;
        } catch (EOFException e) {
            throw new IllegalArgumentException("presence: cut short (" + payload.length + " bytes)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("presence: unreadable: " + e.getMessage(), e);
        }
    }
}
