/**
 * The session synchronization benchmark's application: one Jetty server answering {@code GET /} with one session
 * read and one session write, with sessions kept by multiserver's {@code SessionSyncFilter}, by one of Jetty's own
 * session stores, or not at all; and {@link dev.multiserver.benchmarks.sessions.MongoPeer}, the in-JVM MongoDB the
 * benchmark measures against. {@code benchmarks/sessions.sh} runs them; see {@code benchmarks/README.md}.
 */
package dev.multiserver.benchmarks.sessions;
