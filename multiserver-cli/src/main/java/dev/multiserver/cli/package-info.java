/**
 * The {@code multiserver} command line: {@link dev.multiserver.cli.Main} and how it reports errors.
 * Each subcommand lives in its own sub-package ({@code balance}); reading settings from files lives
 * in {@code config}.
 */
package dev.multiserver.cli;
