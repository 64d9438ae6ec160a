/** Sticky sessions with sessions kept in Memcached. */
package dev.multiserver.examples.stickysessions;
