package dev.multiserver.balancer.route;

/**
 * Makes the page a client gets instead of the balancer's own {@code 502}, {@code 503} or {@code 504}: when
 * no backend could answer a request (refused, broke, timed out, none available, the queue full).
 * {@code LoadBalancerBuilder.fallback(status, handler)}.
 *
 * <pre>{@code
 * byte[] page = Files.readAllBytes(Path.of("pages/503.html"));                 // read once, at start
 * LoadBalancer.builder()
 *         .fallback(503, (request, error) -> LocalResponse.of(503, "text/html; charset=utf-8", page))
 *         .fallback((request, error) -> LocalResponse.text(error.status(), "Sorry: " + error.cause() + "\n"))
 * }</pre>
 *
 * <p>Responses that a backend sent, whatever their status, pass through unchanged: a fallback replaces only
 * what the balancer says itself. A {@code 503} keeps its {@code Retry-After}. The request it gets has its
 * headers as they were sent to the backend, and no body. Runs on an event loop, so it must not block; one that
 * throws or returns {@code null} leaves the balancer's plain-text error in place, with a line in the log.
 */
@FunctionalInterface
public interface FallbackHandler {

    /** The response to send instead of the balancer's error; usually with {@code error.status()}. */
    LocalResponse handle(LocalRequest request, ProxyError error) throws Exception;
}
