package dev.multiserver.balancer;

/**
 * Told of every {@link BackendEvent}, on a balancer thread: it must return quickly and not block.
 *
 * <pre>{@code
 * LoadBalancer.builder().listener(event -> log.info("{}", event))
 * }</pre>
 */
@FunctionalInterface
public interface BackendListener {

    void onEvent(BackendEvent event);
}
