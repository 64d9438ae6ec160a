/**
 * The {@link java.util.ServiceLoader} providers that make {@code SessionStores.open("mongodb://...")} open a
 * {@link dev.multiserver.mongo.MongoSessionStore} and {@code EventChannels.open("mongodb://...")} a
 * {@link dev.multiserver.mongo.MongoEventChannel}. Not an API: nothing here is meant to be used directly.
 */
package dev.multiserver.mongo.internal;
