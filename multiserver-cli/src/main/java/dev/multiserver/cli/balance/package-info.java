/**
 * {@code multiserver balance}: the command and its flags (one class per group in the help), its YAML
 * config keys, how the file, the environment and the flags are put together on one
 * {@link dev.multiserver.balancer.LoadBalancerBuilder} (settings made of parts are gathered by the
 * {@code *Settings} classes), and how an algorithm is chosen by name.
 */
package dev.multiserver.cli.balance;
