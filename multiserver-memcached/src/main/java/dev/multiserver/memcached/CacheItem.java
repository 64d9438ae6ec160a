package dev.multiserver.memcached;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A cached entry as a memcached item: a format byte, the namespace generation it was written in, the cache's own
 * key (the memcached key is only its hash, so reading compares the two to rule out a collision) and the entry.
 */
final class CacheItem {

    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + Long.BYTES + Integer.BYTES;

    private CacheItem() {
    }

    static byte[] encode(long generation, String key, byte[] entry) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(HEADER + keyBytes.length + entry.length)
                .put(FORMAT).putLong(generation).putInt(keyBytes.length).put(keyBytes).put(entry)
                .array();
    }

    /**
     * The entry, if {@code item} was written for {@code key} in {@code generation}; empty for an item of an older
     * generation (purged), of another key with the same hash, or that is not one of ours.
     */
    static Optional<byte[]> decode(byte[] item, long generation, String key) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(item);
            if (buffer.get() != FORMAT || buffer.getLong() != generation) {
                return Optional.empty();
            }
            int keyLength = buffer.getInt();
            if (keyLength < 0 || keyLength > buffer.remaining()) {
                return Optional.empty();
            }
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            int keyStart = buffer.position();
            if (!Arrays.equals(item, keyStart, keyStart + keyLength, keyBytes, 0, keyBytes.length)) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOfRange(item, keyStart + keyLength, item.length));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
