/**
 * Not for applications: the {@link java.util.ServiceLoader} providers that let
 * {@link dev.multiserver.session.SessionStores#open(String)}, {@link dev.multiserver.pubsub.EventChannels#open(String)}
 * and {@link dev.multiserver.cache.ResponseCacheStores#open(String)} open Redis URIs.
 */
package dev.multiserver.redis.internal;
