/**
 * Sessions and WebSocket events in MongoDB through the official Java driver:
 * {@link dev.multiserver.mongo.MongoSessionStore} and {@link dev.multiserver.mongo.MongoEventChannel}, opened
 * directly or by {@code SessionStores.open("mongodb://host:27017/database")} and
 * {@code EventChannels.open("mongodb://host:27017/database")} when this module is on the class path.
 *
 * <pre>{@code
 * SessionStore store = MongoSessionStore.builder("mongodb://db1:27017,db2:27017/shop?replicaSet=rs0")
 *         .timeout(Duration.ofSeconds(1))
 *         .build();
 * EventChannel channel = MongoEventChannel.of("mongodb://db1:27017,db2:27017/shop?replicaSet=rs0");
 * }</pre>
 *
 * <p>Each session is one document in {@code NAMESPACE.sessions}; its attributes are JSON texts under escaped
 * names, so the data is readable from any language and a request writes only what it changed. Each message is one
 * document in {@code NAMESPACE.events}, read from a change stream or by polling.
 */
package dev.multiserver.mongo;
