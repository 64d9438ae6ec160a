/**
 * Sessions in Memcached: {@link dev.multiserver.memcached.MemcachedSessionStore}, one JSON item per session
 * written with compare-and-set, several servers by consistent hashing. Opened by
 * {@code SessionStores.open("memcached://h1:11211,h2:11211")} when this module is on the class path.
 */
package dev.multiserver.memcached;
