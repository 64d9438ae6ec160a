/**
 * Reading settings the way the command line offers them: durations such as {@code 5s}, sizes such as
 * {@code 64KiB}, and YAML config files whose errors name the file and the key.
 */
package dev.multiserver.cli.config;
