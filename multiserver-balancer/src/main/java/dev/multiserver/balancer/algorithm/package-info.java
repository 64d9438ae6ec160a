/**
 * How the balancer chooses a backend: the {@link dev.multiserver.balancer.algorithm.Algorithm} SPI, what it
 * sees of requests and backends, and the built-in algorithms: round-robin, least-latency, least-connections,
 * sticky sessions (a cookie naming the backend, or the application's session cookie) and consistent hashing
 * of a {@link dev.multiserver.balancer.algorithm.HashKey}.
 */
package dev.multiserver.balancer.algorithm;
