/** {@code multiserver demo}: the load balancer in front of in-process workers of the demo application. */
package dev.multiserver.cli.demo;
