package dev.multiserver.benchmarks.broadcast;

/** What is measured: a sender on one side, receivers on the other that each should get every message. */
interface Rig extends AutoCloseable {

    Sender sender();

    /** The age of every message at every measured receiver. */
    LatencyLog latencies();

    /** Messages received so far, summed over the measured receivers. */
    long delivered();

    /** How many measured receivers there are. */
    int receivers();

    @Override
    void close() throws Exception;
}
