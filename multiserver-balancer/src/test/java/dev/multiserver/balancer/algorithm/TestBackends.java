package dev.multiserver.balancer.algorithm;

import dev.multiserver.balancer.Backend;

/** Backend states for algorithm tests, with an in-flight count and an effective weight the test sets. */
final class TestBackends {

    private TestBackends() {
    }

    static final class State implements BackendState {
        private final Backend backend;
        int inFlight;
        /** As during slow start: the configured weight unless a test scales it down. */
        double effectiveWeight;

        State(String host, int weight) {
            this.backend = Backend.of("http://" + host + ":80").withWeight(weight);
            this.effectiveWeight = weight;
        }

        @Override
        public Backend backend() {
            return backend;
        }

        @Override
        public double effectiveWeight() {
            return effectiveWeight;
        }

        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public int inFlight() {
            return inFlight;
        }

        @Override
        public String toString() {
            return backend.host();
        }
    }

    static State state(String host) {
        return new State(host, 1);
    }

    static State state(String host, int weight) {
        return new State(host, weight);
    }
}
