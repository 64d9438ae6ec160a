package dev.multiserver.balancer.worker;

/**
 * A worker could not be started or kept running: its program is missing, it crashed too often in a row,
 * or it did not answer in time. The message names the worker and its command.
 */
public class WorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WorkerException(String message) {
        super(message);
    }

    public WorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}
