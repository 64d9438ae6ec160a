/**
 * Redis through Lettuce, for a single server ({@code redis://}, {@code rediss://} with TLS) or a Redis Cluster
 * ({@code redis-cluster://}): sessions ({@link dev.multiserver.redis.RedisSessionStore}), events between
 * instances ({@link dev.multiserver.redis.RedisEventChannel}) and cached responses shared by instances
 * ({@link dev.multiserver.redis.RedisResponseCacheStore}).
 *
 * <p>Each session is one hash whose fields are its metadata and the JSON texts of its attributes, written by one
 * Lua script per save so that a request's changes land all at once or not at all, and only on one key.
 *
 * <p>Events travel by pub/sub (sharded on a cluster), which delivers at most once, or through one stream per
 * topic, which a node reads from where it stopped and so replays what it missed while disconnected.
 */
package dev.multiserver.redis;
