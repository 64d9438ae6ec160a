package dev.multiserver.benchmarks.broadcast;

/** One way of getting a message to the other side: a WebSocket client on node A, or a raw PUBLISH. */
interface Sender extends AutoCloseable {

    /** Sends and waits until the transport accepted it. */
    void send(String text) throws Exception;

    @Override
    void close() throws Exception;
}
