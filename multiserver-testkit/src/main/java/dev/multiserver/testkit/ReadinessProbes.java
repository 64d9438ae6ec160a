package dev.multiserver.testkit;

/** The probes of the servers the testkit runs more than once. */
final class ReadinessProbes {

    /** {@code PING} answered, and {@code INFO server} naming our process. */
    static final ReadinessProbe REDIS = new ReadinessProbe(
            "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n", "+PONG\r\n", "process_id:%d\r\n");

    private ReadinessProbes() {
    }
}
