package dev.multiserver.balancer.algorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
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
    static final HashRing EMPTY = new HashRing(List.of());

    private final List<BackendState> members;
    private final Set<BackendState> memberSet;
    private final long[] positions;
    private final BackendState[] owners;

    private HashRing(List<BackendState> members) {
        this.members = members;
        this.memberSet = Collections.newSetFromMap(new IdentityHashMap<>());
        this.memberSet.addAll(members);
        List<Point> points = new ArrayList<>();
        for (BackendState member : members) {
            String id = member.id();
            int count = POINTS_PER_WEIGHT * Math.max(1, member.weight());
            for (int i = 0; i < count; i++) {
                points.add(new Point(Hashing.hash64(id + "#" + i), id, member));
            }
        }
        // Ties (all but impossible with 64 bits) are broken by id, so that every balancer breaks them alike.
        points.sort(Comparator.comparingLong(Point::position).thenComparing(Point::id));
        this.positions = new long[points.size()];
        this.owners = new BackendState[points.size()];
        for (int i = 0; i < points.size(); i++) {
            positions[i] = points.get(i).position();
            owners[i] = points.get(i).owner();
        }
    }

    static HashRing of(Collection<BackendState> backends) {
        List<BackendState> distinct = new ArrayList<>(backends.size());
        Set<BackendState> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (BackendState backend : backends) {
            if (seen.add(backend)) {
                distinct.add(backend);
            }
        }
        return distinct.isEmpty() ? EMPTY : new HashRing(List.copyOf(distinct));
    }

    /** This ring with {@code backend} added, or this ring when it is a member already. */
    HashRing with(BackendState backend) {
        if (memberSet.contains(backend)) {
            return this;
        }
        List<BackendState> more = new ArrayList<>(members);
        more.add(backend);
        return new HashRing(List.copyOf(more));
    }

    /** This ring without {@code backend}, or this ring when it is not a member. */
    HashRing without(BackendState backend) {
        if (!memberSet.contains(backend)) {
            return this;
        }
        List<BackendState> fewer = new ArrayList<>(members);
        fewer.removeIf(member -> member == backend);
        return fewer.isEmpty() ? EMPTY : new HashRing(List.copyOf(fewer));
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

    private record Point(long position, String id, BackendState owner) {
    }
}
