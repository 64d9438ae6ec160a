package dev.multiserver.balancer.algorithm;

import java.util.List;

/**
 * Power of two random choices on requests in flight: of two candidates drawn at random, the one with fewer
 * requests in flight relative to its effective weight (scaled down during slow start). Lock-free, and it
 * avoids the herd that "always the least loaded" causes when several balancers (or event loops) see the
 * same counts.
 */
final class LeastConnectionsAlgorithm implements Algorithm {

    @Override
    public BackendState pick(RequestContext request, List<BackendState> candidates) {
        return TwoChoices.pick(candidates, LeastConnectionsAlgorithm::load);
    }

    private static double load(BackendState backend) {
        return (backend.inFlight() + 1) / backend.effectiveWeight();
    }

    @Override
    public String toString() {
        return "least-connections";
    }
}
