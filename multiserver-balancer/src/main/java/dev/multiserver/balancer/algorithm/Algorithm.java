package dev.multiserver.balancer.algorithm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Chooses the backend for each request. The balancer calls {@link #pick} once per request, from any of
 * its event loops at once, so implementations must be thread-safe and must not block.
 *
 * <pre>{@code
 * // Send requests with an "X-Tenant: big" header to the last backend, the rest round-robin.
 * final class TenantAware implements Algorithm {
 *     private final Algorithm others = Algorithm.roundRobin();
 *
 *     public BackendState pick(RequestContext request, List<BackendState> candidates) {
 *         if ("big".equals(request.header("X-Tenant"))) {
 *             return candidates.get(candidates.size() - 1);
 *         }
 *         return others.pick(request, candidates);
 *     }
 * }
 * LoadBalancer.builder().algorithm(new TenantAware())...
 * }</pre>
 *
 * <p>The notification methods have empty defaults; stateful algorithms (latency estimates, sticky
 * tables) override the ones they need.
 */
public interface Algorithm {

    /** The default: weighted round-robin that spreads a heavy backend's turns evenly. */
    static Algorithm roundRobin() {
        return new RoundRobinAlgorithm();
    }

    /**
     * The fastest backend by observed response latency (peak-EWMA times requests in flight, power of two
     * random choices), learned from real traffic: no probe requests.
     */
    static Algorithm leastLatency() {
        return new LeastLatencyAlgorithm();
    }

    /** Fewest requests in flight relative to weight, by the power of two random choices. */
    static Algorithm leastConnections() {
        return new LeastConnectionsAlgorithm();
    }

    /**
     * Sticky sessions with a cookie named {@code MSBACKEND}; see {@link #stickySession(String)}.
     *
     * <pre>{@code
     * LoadBalancer.builder().algorithm(Algorithm.stickySession())...
     * }</pre>
     */
    static Algorithm stickySession() {
        return new StickySessionAlgorithm(StickySessionAlgorithm.DEFAULT_COOKIE_NAME);
    }

    /**
     * Sticky sessions with a cookie of the balancer's own, named {@code cookieName}, that holds the chosen
     * backend's {@link BackendState#id() id}. A request whose cookie names a candidate goes to it. Any other
     * request (no cookie, an unknown id, or a backend that is down, draining, removed or already tried for
     * this request) goes to the backend chosen by consistent hashing of the client's address, so clients
     * that refuse cookies stay put too, and its response carries the cookie:
     * {@code <cookieName>=<id>; Path=/; HttpOnly; SameSite=Lax}, plus {@code Secure} when the client came
     * over TLS. Ids are derived from backend addresses, so several balancers in front of the same backends route a
     * cookie alike without sharing anything.
     *
     * @throws IllegalArgumentException when {@code cookieName} is not a valid cookie name (an RFC 6265 token)
     */
    static Algorithm stickySession(String cookieName) {
        return new StickySessionAlgorithm(Tokens.checkCookieName(cookieName, "cookieName"));
    }

    /**
     * Sticky sessions on the application's own session cookie (e.g. {@code JSESSIONID}): the request goes to
     * the backend found by consistent hashing of that cookie's value over the candidates, or of the client
     * address when there is no such cookie. The balancer sets no cookie of its own.
     *
     * <p>Caveat: the first request, made before the application set its cookie, is placed by client address
     * and may land on another backend than the later ones, which are placed by the cookie's value. Use this
     * mode when sessions are shared between backends (a session store) and stickiness only saves work; when
     * a session lives on one backend alone, use {@link #stickySession()}.
     *
     * <pre>{@code
     * LoadBalancer.builder().algorithm(Algorithm.stickyOnCookie("JSESSIONID"))...
     * }</pre>
     *
     * @throws IllegalArgumentException when the name is not a valid cookie name (an RFC 6265 token)
     */
    static Algorithm stickyOnCookie(String applicationCookieName) {
        HashKey key = HashKey.cookie(Tokens.checkCookieName(applicationCookieName, "applicationCookieName"));
        return new ConsistentHashAlgorithm(key, "sticky-session(" + key + ")");
    }

    /**
     * Consistent hashing of a request key onto the backends: requests with the same key reach the same backend
     * while it is a candidate, on every balancer with the same backends, and adding or removing a backend
     * moves only about 1/N of the keys. Each backend holds 100 points per unit of configured weight on the
     * ring (slow start does not move keys).
     *
     * <pre>{@code
     * LoadBalancer.builder().algorithm(Algorithm.consistentHash(HashKey.header("X-User")))...
     * }</pre>
     */
    static Algorithm consistentHash(HashKey key) {
        return new ConsistentHashAlgorithm(requireNonNull(key, "key"));
    }

    /**
     * Returns one of {@code candidates} (the backends that may take a request now, never empty), or
     * {@code null} to refuse the request with 503.
     */
    BackendState pick(RequestContext request, List<BackendState> candidates);

    /** A backend joined the pool. */
    default void onBackendAdded(BackendState backend) {
    }

    /** A backend left the pool. */
    default void onBackendRemoved(BackendState backend) {
    }

    /** A backend was found unhealthy and is no longer a candidate. */
    default void onBackendDown(BackendState backend) {
    }

    /** A backend that was down is a candidate again. */
    default void onBackendUp(BackendState backend) {
    }

    /** An exchange with a backend ended, with whatever outcome. Called once per picked request. */
    default void onExchangeComplete(BackendState backend, ExchangeOutcome outcome) {
    }
}
