/**
 * The load balancer: {@link dev.multiserver.balancer.LoadBalancer}, its builder and
 * {@link dev.multiserver.balancer.Backend}. Everything under {@code internal} is implementation.
 */
package dev.multiserver.balancer;
