/**
 * How local routes, middleware and fallbacks work inside: path patterns and the route table, the request
 * view handlers get, header edits, and the settings object the builder makes. Not public API.
 */
package dev.multiserver.balancer.internal.route;
