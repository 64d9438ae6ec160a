/**
 * Sessions (and later WebSocket events) in MongoDB, through the official driver.
 */
package dev.multiserver.mongo;
