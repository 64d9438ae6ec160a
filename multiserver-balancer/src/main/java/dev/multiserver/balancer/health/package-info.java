/**
 * Health checking settings: {@link dev.multiserver.balancer.health.HealthCheck} (active probes) and
 * {@link dev.multiserver.balancer.health.PassiveHealthCheck} (ejection by failing traffic). The balancer
 * runs them; their outcomes arrive as {@link dev.multiserver.balancer.BackendEvent}s.
 */
package dev.multiserver.balancer.health;
