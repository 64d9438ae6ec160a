/**
 * How the balancer chooses a backend: the {@link dev.multiserver.balancer.algorithm.Algorithm} SPI, what it
 * sees of requests and backends, and the built-in algorithms.
 */
package dev.multiserver.balancer.algorithm;
