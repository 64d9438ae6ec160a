/**
 * Not for applications: the {@link java.util.ServiceLoader} provider that lets
 * {@link dev.multiserver.session.SessionStores#open(String)} open Redis URIs.
 */
package dev.multiserver.redis.internal;
