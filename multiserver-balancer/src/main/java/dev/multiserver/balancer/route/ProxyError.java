package dev.multiserver.balancer.route;

/**
 * Why the balancer could not get a request answered by a backend, as a {@link FallbackHandler} is told.
 *
 * @param status {@code 502} (a backend refused the connection, or broke it before a complete response),
 *               {@code 503} (no backend available, or the {@code maxConcurrentConnections} queue full or
 *               too slow) or {@code 504} (no connection or no response in time, or a local route or middleware did
 *               not answer within the response timeout)
 * @param cause  what happened, in a few words: {@code the backend refused the connection}
 */
public record ProxyError(int status, String cause) {
}
