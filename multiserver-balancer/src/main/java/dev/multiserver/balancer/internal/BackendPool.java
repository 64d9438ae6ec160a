package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.algorithm.Algorithm;
import dev.multiserver.balancer.algorithm.BackendState;
import dev.multiserver.balancer.algorithm.RequestContext;
import java.util.ArrayList;
import java.util.List;

/** The backends of one balancer and the algorithm that chooses among them. */
final class BackendPool {

    private final Algorithm algorithm;
    private volatile List<BackendState> all;

    BackendPool(List<Backend> backends, Algorithm algorithm) {
        this.algorithm = algorithm;
        List<BackendState> tracked = new ArrayList<>(backends.size());
        for (Backend backend : backends) {
            TrackedBackend state = new TrackedBackend(backend);
            tracked.add(state);
            algorithm.onBackendAdded(state);
        }
        this.all = List.copyOf(tracked);
    }

    Algorithm algorithm() {
        return algorithm;
    }

    List<BackendState> all() {
        return all;
    }

    /** The backend for this request, or {@code null} when none is available or the algorithm refuses. */
    TrackedBackend pick(RequestContext request) {
        List<BackendState> current = all;
        List<BackendState> candidates = current;
        for (BackendState state : current) {
            if (!state.healthy()) {
                candidates = current.stream().filter(BackendState::healthy).toList();
                break;
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        BackendState chosen = algorithm.pick(request, candidates);
        if (chosen == null) {
            return null;
        }
        if (!(chosen instanceof TrackedBackend tracked) || !current.contains(chosen)) {
            throw new IllegalStateException("algorithm " + algorithm + " returned " + chosen
                    + ", which is not one of the candidates it was offered");
        }
        return tracked;
    }
}
