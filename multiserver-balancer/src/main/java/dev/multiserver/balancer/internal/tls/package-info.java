/**
 * TLS contexts of the balancer: toward clients, built from {@code ServerTls} and kept fresh; toward
 * {@code https://} backends, built once from {@code BackendTls}, with the failures of its handshakes
 * put in words.
 */
package dev.multiserver.balancer.internal.tls;
