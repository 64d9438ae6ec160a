/**
 * Sessions (and later WebSocket events and cached responses) in Redis, through Lettuce.
 */
package dev.multiserver.redis;
