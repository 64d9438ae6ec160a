/**
 * Not for users: the {@link dev.multiserver.session.SessionStoreProvider} that lets
 * {@code SessionStores.open("memcached://...")} find this module.
 */
package dev.multiserver.memcached.internal;
