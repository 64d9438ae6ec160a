/**
 * Response caching for any Jakarta Servlet 6 application: {@link dev.multiserver.servlet.cache.ResponseCacheFilter}
 * answers requests from a {@link dev.multiserver.cache.ResponseCache} and copies cacheable responses into it while
 * they stream to the client.
 */
package dev.multiserver.servlet.cache;
