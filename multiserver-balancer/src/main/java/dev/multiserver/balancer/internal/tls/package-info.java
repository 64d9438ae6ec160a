/** TLS contexts for the client side of the balancer, built from {@code ServerTls} and kept fresh. */
package dev.multiserver.balancer.internal.tls;
