/**
 * Cluster-wide WebSocket messaging for Jakarta WebSocket endpoints. {@link dev.multiserver.servlet.websocket.ClusterHub}
 * keeps rooms of connections on each instance and carries broadcasts, messages to one connection and member counts
 * to every other instance over a shared {@link dev.multiserver.pubsub.EventChannel}.
 */
package dev.multiserver.servlet.websocket;
