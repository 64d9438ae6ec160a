package dev.multiserver.balancer.worker;

/**
 * Starts one instance of an application inside the balancer's JVM, listening on the port it is given.
 *
 * <pre>{@code
 * Workers.inProcess(port -> {
 *     Server jetty = new Server(port);
 *     jetty.setHandler(myApp());
 *     jetty.start();
 *     return ApplicationInstance.of(jetty::stop, whenStopped(jetty));
 * }).count(3).build();
 * }</pre>
 *
 * <p>{@link #start} may block until the instance listens; the balancer calls it off its event loops.
 */
@FunctionalInterface
public interface InProcessApplication {

    /**
     * Starts an instance on {@code port} (on the loopback interface at least) and returns once it is
     * started. A thrown exception counts as a failed start, like a process that exits at once.
     */
    ApplicationInstance start(int port) throws Exception;
}
