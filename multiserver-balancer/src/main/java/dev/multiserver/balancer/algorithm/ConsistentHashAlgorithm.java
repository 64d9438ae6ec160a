package dev.multiserver.balancer.algorithm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Consistent hashing of a {@link HashKey} over a {@link HashRing} of the pool's backends: a key keeps its
 * backend while that backend is a candidate, and when it is not (down, draining, already tried) the key
 * moves to the next backend clockwise, and back once it returns. The ring is rebuilt, copy-on-write, only
 * when a backend joins or leaves the pool; picks read it without locking.
 */
final class ConsistentHashAlgorithm implements Algorithm {

    private final HashKey key;
    private final String name;
    private volatile HashRing ring = HashRing.EMPTY;
    /** A ring of candidates that were never added, for when this algorithm is used without the callbacks. */
    private volatile HashRing adHoc = HashRing.EMPTY;

    ConsistentHashAlgorithm(HashKey key) {
        this(key, "consistent-hash(" + key + ")");
    }

    ConsistentHashAlgorithm(HashKey key, String name) {
        this.key = requireNonNull(key, "key");
        this.name = name;
    }

    @Override
    public BackendState pick(RequestContext request, List<BackendState> candidates) {
        return ringFor(candidates).locate(key.hash(request), candidates);
    }

    /**
     * The pool's ring, or one of the candidates themselves. Both give the same answer: a backend's points
     * depend only on its id and weight, and non-candidates are skipped anyway.
     */
    private HashRing ringFor(List<BackendState> candidates) {
        HashRing pool = ring;
        if (pool.covers(candidates)) {
            return pool;
        }
        HashRing own = adHoc;
        if (!own.covers(candidates)) {
            own = HashRing.of(candidates);
            adHoc = own;
        }
        return own;
    }

    @Override
    public synchronized void onBackendAdded(BackendState backend) {
        ring = ring.with(backend);
    }

    @Override
    public synchronized void onBackendRemoved(BackendState backend) {
        ring = ring.without(backend);
    }

    @Override
    public String toString() {
        return name;
    }
}
