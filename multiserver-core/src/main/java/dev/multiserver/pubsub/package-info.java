/**
 * Publish/subscribe between the instances of an application: the {@link dev.multiserver.pubsub.EventChannel} SPI
 * every channel implements (memory, Redis, MongoDB), the {@link dev.multiserver.pubsub.Envelope} that cluster-wide
 * WebSocket messages travel in, and the in-memory channel for instances that share one JVM.
 *
 * <p>A channel moves opaque bytes on named topics. What it promises when a connection to its server is lost is
 * stated by {@link dev.multiserver.pubsub.EventChannel#delivery()}: plain pub/sub loses what was published while a
 * node was away; replaying channels deliver it once the node is back, within their retention.
 */
package dev.multiserver.pubsub;
