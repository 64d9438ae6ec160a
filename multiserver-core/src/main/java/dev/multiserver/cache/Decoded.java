package dev.multiserver.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Entries and indexes already decoded, by the stored array they came from. The memory store hands back the array it
 * holds, so a hot entry is decoded (its dates and directives parsed, its body copied) once instead of on every hit;
 * keys compare by identity and are held weakly, so an array the store dropped takes its decoded form with it. An
 * array from a remote store is new on every read and simply decodes as before.
 */
final class Decoded {

    /** Decoded bodies duplicate stored ones: this bounds the duplicate. */
    static final long MAX_WEIGHT = 64L << 20;
    private static final Object NOT_DECODABLE = new Object();

    private final Cache<byte[], Object> decoded = Caffeine.newBuilder()
            .weakKeys()
            .maximumWeight(MAX_WEIGHT)
            .weigher((byte[] bytes, Object value) -> value instanceof Entry entry ? 64 + entry.body.length
                    + 64 * entry.headers.size() : 64)
            // cleanup runs on the caller's thread: no pool thread per entry on a one-CPU balancer
            .executor(Runnable::run)
            .build();

    /** The entry stored as {@code bytes}, or null when they are not one. */
    Entry entry(byte[] bytes) {
        Object known = decoded.getIfPresent(bytes);
        if (known == null) {
            Entry entry = EntryCodec.decodeEntry(bytes);
            decoded.put(bytes, entry == null ? NOT_DECODABLE : entry);
            return entry;
        }
        return known instanceof Entry entry ? entry : null;
    }

    /** The index stored as {@code bytes}, or null when they are not one. */
    VariantIndex index(byte[] bytes) {
        Object known = decoded.getIfPresent(bytes);
        if (known == null) {
            VariantIndex index = EntryCodec.decodeIndex(bytes);
            decoded.put(bytes, index == null ? NOT_DECODABLE : index);
            return index;
        }
        return known instanceof VariantIndex index ? index : null;
    }

    /** Remembers what was just encoded, so that its first hit does not decode it again. */
    void remember(byte[] bytes, Object value) {
        decoded.put(bytes, value);
    }
}
