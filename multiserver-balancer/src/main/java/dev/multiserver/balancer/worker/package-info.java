/**
 * Workers: the application's instances, started and kept at strength by the balancer, as child
 * processes ({@link dev.multiserver.balancer.worker.Workers#command}) or inside the balancer's JVM
 * ({@link dev.multiserver.balancer.worker.Workers#inProcess}). A worker that crashes is replaced, with an
 * exponential backoff and a crash-loop limit; a rolling restart replaces them one at a time without
 * failing a request.
 */
package dev.multiserver.balancer.worker;
