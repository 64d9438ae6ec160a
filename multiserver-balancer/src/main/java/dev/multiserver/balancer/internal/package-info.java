/**
 * The balancer's Netty pipeline and machinery. Not API: may change in any release.
 */
package dev.multiserver.balancer.internal;
