/**
 * {@code multiserver demo}: the load balancer in front of workers of the demo application, in this JVM or (with
 * {@code --processes}) each a JVM of its own running the hidden {@code demo-worker} command.
 */
package dev.multiserver.cli.demo;
