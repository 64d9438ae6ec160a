/**
 * {@code multiserver balance}: the command, its YAML config keys, and how an algorithm is chosen by
 * name.
 */
package dev.multiserver.cli.balance;
