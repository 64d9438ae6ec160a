/** The least-latency algorithm across in-process workers of different speeds. */
package dev.multiserver.examples.leastlatency;
