/**
 * Not for applications: the {@link java.util.ServiceLoader} providers that let
 * {@link dev.multiserver.session.SessionStores#open(String)} and {@link dev.multiserver.pubsub.EventChannels#open(String)}
 * open Redis URIs.
 */
package dev.multiserver.redis.internal;
