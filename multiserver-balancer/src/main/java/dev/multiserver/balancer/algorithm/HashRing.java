package dev.multiserver.balancer.algorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A consistent-hash ring. Each backend owns {@value #POINTS_PER_WEIGHT} points per unit of configured weight,
 * placed by hashing {@code id + "#" + i}; a key belongs to the first point at or after its hash, going
 * clockwise. Points depend only on ids and weights, so every balancer with the same backends builds the same
 * ring, and a backend that joins or leaves moves only the keys of its own points.
 *
 * <p>Immutable: {@link #with} and {@link #without} return a new ring, so readers need no lock.
 */
final class HashRing {

    static final int POINTS_PER_WEIGHT = 100;
    static final HashRing EMPTY = new HashRing(List.of(), new long[0], new BackendState[0]);

    private final List<BackendState> members;
    private final Set<BackendState> memberSet;
    private final long[] positions;
    private final BackendState[] owners;

    private HashRing(List<BackendState> members, long[] positions, BackendState[] owners) {
        this.members = members;
        this.memberSet = Collections.newSetFromMap(new IdentityHashMap<>());
        this.memberSet.addAll(members);
        this.positions = positions;
        this.owners = owners;
    }

    static HashRing of(Collection<BackendState> backends) {
        HashRing ring = EMPTY;
        for (BackendState backend : backends) {
            ring = ring.with(backend);
        }
        return ring;
    }

    /**
     * This ring with {@code backend} added, or this ring when it is a member already. Only the new backend's
     * points are hashed; they are merged into the others'.
     */
    HashRing with(BackendState backend) {
        if (memberSet.contains(backend)) {
            return this;
        }
        String id = backend.id();
        long[] added = new long[POINTS_PER_WEIGHT * Math.max(1, backend.weight())];
        for (int i = 0; i < added.length; i++) {
            added[i] = Hashing.hash64(id + "#" + i);
        }
        Arrays.sort(added);
        long[] mergedPositions = new long[positions.length + added.length];
        BackendState[] mergedOwners = new BackendState[mergedPositions.length];
        int old = 0;
        int add = 0;
        for (int out = 0; out < mergedPositions.length; out++) {
            // Ties (all but impossible with 64 bits) go to the smaller id: every balancer breaks them alike.
            boolean takeOld = add == added.length || old < positions.length && (positions[old] < added[add]
                    || positions[old] == added[add] && owners[old].id().compareTo(id) <= 0);
            if (takeOld) {
                mergedPositions[out] = positions[old];
                mergedOwners[out] = owners[old++];
            } else {
                mergedPositions[out] = added[add++];
                mergedOwners[out] = backend;
            }
        }
        List<BackendState> more = new ArrayList<>(members);
        more.add(backend);
        return new HashRing(List.copyOf(more), mergedPositions, mergedOwners);
    }

    /** This ring without {@code backend}, or this ring when it is not a member. */
    HashRing without(BackendState backend) {
        if (!memberSet.contains(backend)) {
            return this;
        }
        int kept = 0;
        for (BackendState owner : owners) {
            kept += owner == backend ? 0 : 1;
        }
        long[] keptPositions = new long[kept];
        BackendState[] keptOwners = new BackendState[kept];
        int out = 0;
        for (int i = 0; i < positions.length; i++) {
            if (owners[i] != backend) {
                keptPositions[out] = positions[i];
                keptOwners[out++] = owners[i];
            }
        }
        List<BackendState> fewer = new ArrayList<>(members);
        fewer.removeIf(member -> member == backend);
        return new HashRing(List.copyOf(fewer), keptPositions, keptOwners);
    }

    /** Whether every candidate (by identity) has points on this ring. */
    boolean covers(List<BackendState> candidates) {
        for (BackendState candidate : candidates) {
            if (!memberSet.contains(candidate)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The owner of the first point at or after {@code hash} that is one of {@code candidates}, or {@code null}
     * when none of them is on the ring.
     */
    BackendState locate(long hash, List<BackendState> candidates) {
        int n = positions.length;
        int start = Arrays.binarySearch(positions, hash);
        if (start < 0) {
            start = -start - 1;
        } else {
            while (start > 0 && positions[start - 1] == hash) {
                start--;
            }
        }
        for (int step = 0; step < n; step++) {
            BackendState owner = owners[(start + step) % n];
            if (isCandidate(owner, candidates)) {
                return owner;
            }
        }
        return null;
    }

    private static boolean isCandidate(BackendState owner, List<BackendState> candidates) {
        for (BackendState candidate : candidates) {
            if (candidate == owner) {
                return true;
            }
        }
        return false;
    }
}
