/**
 * How workers run: launching child processes and in-process instances, watching them, and the
 * supervisor that keeps each worker slot at strength. Not public API; users configure
 * {@link dev.multiserver.balancer.worker.Workers}.
 */
package dev.multiserver.balancer.internal.worker;
