package dev.multiserver.balancer.algorithm;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round-robin: each pick raises every candidate's score by its effective weight and takes
 * the highest, which then pays back the total. Weights 5,1,1 give a a b a c a a, not a a a a a b c. Scores
 * are fractional so that a backend in its slow-start window gets its scaled-down share.
 */
final class RoundRobinAlgorithm implements Algorithm {

    private final Map<BackendState, double[]> scores = new IdentityHashMap<>();

    @Override
    public synchronized BackendState pick(RequestContext request, List<BackendState> candidates) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        BackendState best = null;
        double[] bestScore = null;
        double total = 0;
        for (BackendState candidate : candidates) {
            double[] score = scores.computeIfAbsent(candidate, c -> new double[1]);
            double weight = candidate.effectiveWeight();
            score[0] += weight;
            total += weight;
            if (bestScore == null || score[0] > bestScore[0]) {
                best = candidate;
                bestScore = score;
            }
        }
        bestScore[0] -= total;
        return best;
    }

    @Override
    public synchronized void onBackendRemoved(BackendState backend) {
        scores.remove(backend);
    }

    @Override
    public String toString() {
        return "round-robin";
    }
}
