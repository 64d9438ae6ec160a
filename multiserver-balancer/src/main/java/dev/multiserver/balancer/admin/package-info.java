/**
 * The admin server: a small HTTP/1.1 JSON API on its own port for watching and changing a running
 * balancer ({@code GET /status.json}, {@code GET /metrics}, {@code POST /backends},
 * {@code DELETE /backends}, {@code POST /backends/drain}, the workers' endpoints), and the live dashboard at
 * {@code /}: one static HTML resource, {@code dashboard.html} next to these classes, that polls
 * {@code status.json}. Only
 * {@link dev.multiserver.balancer.admin.AdminServer} is public; users start it through
 * {@code LoadBalancerBuilder.adminPort}. It uses nothing but the public API of
 * {@link dev.multiserver.balancer.LoadBalancer}.
 */
package dev.multiserver.balancer.admin;
