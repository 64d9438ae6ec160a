/**
 * Not for users: the {@link dev.multiserver.session.SessionStoreProvider} and
 * {@link dev.multiserver.cache.ResponseCacheStoreProvider} that let {@code SessionStores.open("memcached://...")}
 * and {@code ResponseCacheStores.open("memcached://...")} find this module.
 */
package dev.multiserver.memcached.internal;
