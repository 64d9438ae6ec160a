package dev.multiserver.balancer.internal;

/** Set once when the balancer starts draining; connections check it between exchanges. */
final class ShutdownSignal {

    /** Fired into every client pipeline when draining starts, so idle connections close at once. */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "DRAIN";
        }
    };

    private volatile boolean draining;

    boolean isDraining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
