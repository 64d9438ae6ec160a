package dev.multiserver.balancer.algorithm;

import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash that is the same in every JVM, so that balancers which share no state still agree on where
 * a key goes: FNV-1a over the bytes, then MurmurHash3's {@code fmix64} finalizer, which spreads FNV's weak
 * high bits over the whole word.
 */
final class Hashing {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    static long hash64(String text) {
        return hash64(text.getBytes(StandardCharsets.UTF_8));
    }

    static long hash64(byte[] bytes) {
        long hash = FNV_OFFSET_BASIS;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return fmix64(hash);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
