/**
 * Response compression toward clients: {@link dev.multiserver.balancer.internal.compression.ResponseCompressor},
 * a handler for any pipeline of {@code HttpObject}s, and the per-balancer
 * {@link dev.multiserver.balancer.internal.compression.CompressionPolicy} that decides what to compress and how.
 */
package dev.multiserver.balancer.internal.compression;
