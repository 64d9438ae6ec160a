/**
 * Memcached: sessions ({@link dev.multiserver.memcached.MemcachedSessionStore}, one JSON item per session written
 * with compare-and-set) and cached responses shared by instances
 * ({@link dev.multiserver.memcached.MemcachedResponseCacheStore}, items under hashed keys, purged as a whole by a
 * namespace generation), several servers by consistent hashing. Opened by
 * {@code SessionStores.open("memcached://h1:11211,h2:11211")} and {@code ResponseCacheStores.open(...)} when this
 * module is on the class path.
 */
package dev.multiserver.memcached;
