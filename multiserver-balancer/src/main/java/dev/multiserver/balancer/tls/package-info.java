/**
 * TLS toward clients: where the balancer's certificate comes from ({@link dev.multiserver.balancer.tls.ServerTls})
 * — PEM files, a PKCS#12 key store, or a self-signed certificate for local use — and how often the files
 * are checked for a renewed certificate.
 */
package dev.multiserver.balancer.tls;
