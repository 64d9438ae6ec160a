/**
 * Shared sessions: the {@link dev.multiserver.session.SessionStore} SPI every store implements, the records it
 * reads and writes, the JSON codec for session values, and the in-memory store.
 *
 * <p>A session is stored as its metadata (creation, last access, maximum inactive interval) and one JSON text per
 * attribute, so a store can write only the attributes a request changed and two requests of one user that change
 * different attributes never undo each other. Session values are JSON in every store, never Java serialization.
 */
package dev.multiserver.session;
