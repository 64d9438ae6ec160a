/**
 * Sessions (and later cached responses) in Memcached, with compare-and-set.
 */
package dev.multiserver.memcached;
