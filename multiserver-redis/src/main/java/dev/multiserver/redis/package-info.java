/**
 * Sessions in Redis, through Lettuce: {@link dev.multiserver.redis.RedisSessionStore}, for a single server
 * ({@code redis://}, {@code rediss://} with TLS) or a Redis Cluster ({@code redis-cluster://}).
 *
 * <p>Each session is one hash whose fields are its metadata and the JSON texts of its attributes, written by one
 * Lua script per save so that a request's changes land all at once or not at all, and only on one key.
 */
package dev.multiserver.redis;
