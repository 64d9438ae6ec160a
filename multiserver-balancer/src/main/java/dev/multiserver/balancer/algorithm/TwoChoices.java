package dev.multiserver.balancer.algorithm;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/** The power of two random choices: draw two distinct candidates, keep the one that costs less. */
final class TwoChoices {

    private TwoChoices() {
    }

    static BackendState pick(List<BackendState> candidates, ToDoubleFunction<BackendState> cost) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(n);
        int second = random.nextInt(n - 1);
        if (second >= first) {
            second++;
        }
        BackendState a = candidates.get(first);
        BackendState b = candidates.get(second);
        return cost.applyAsDouble(b) < cost.applyAsDouble(a) ? b : a;
    }
}
