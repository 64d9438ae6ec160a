/**
 * The {@link java.util.ServiceLoader} provider that makes {@code SessionStores.open("mongodb://...")} open a
 * {@link dev.multiserver.mongo.MongoSessionStore}. Not an API: nothing here is meant to be used directly.
 */
package dev.multiserver.mongo.internal;
