package dev.multiserver.balancer.algorithm;

import dev.multiserver.balancer.Backend;

/** Backend states for algorithm tests, with an in-flight count the test sets. */
final class TestBackends {

    private TestBackends() {
    }

    static final class State implements BackendState {
        private final Backend backend;
        int inFlight;

        State(String host, int weight) {
            this.backend = Backend.of("http://" + host + ":80").withWeight(weight);
        }

        @Override
        public Backend backend() {
            return backend;
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
