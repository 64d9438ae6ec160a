/**
 * The WebSocket synchronization benchmark's program: cross-node broadcast latency and throughput through
 * {@code ClusterHub} on a channel, or the raw Redis pub/sub round trip beneath it (the floor). Run by
 * {@code benchmarks/broadcast.sh}.
 */
package dev.multiserver.benchmarks.broadcast;
