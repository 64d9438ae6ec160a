package dev.multiserver.balancer.worker;

/**
 * Told of each {@link WorkerEvent}. Called on the balancer's worker thread: return quickly, never block.
 */
@FunctionalInterface
public interface WorkerListener {

    void onEvent(WorkerEvent event);
}
