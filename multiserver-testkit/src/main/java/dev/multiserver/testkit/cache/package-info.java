/**
 * The contract suite every {@link dev.multiserver.cache.ResponseCacheStore} runs:
 * {@link dev.multiserver.testkit.cache.ResponseCacheStoreContract}.
 */
package dev.multiserver.testkit.cache;
