/**
 * The demo application that {@code multiserver demo} runs on every worker: a Jetty 12 server whose sessions,
 * chat and cached endpoint go through multiserver's filters and hub, on the store, channel and cache it is given.
 * Its endpoints are a stable contract; see {@link dev.multiserver.demo.DemoApp}.
 */
package dev.multiserver.demo;
