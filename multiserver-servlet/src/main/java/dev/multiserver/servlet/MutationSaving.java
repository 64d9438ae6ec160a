package dev.multiserver.servlet;

/**
 * Which attribute changes {@link SessionSyncFilter} writes to the store.
 *
 * <pre>{@code
 * SessionSyncFilter.builder(store).mutationSaving(MutationSaving.ON_SET_ONLY).build();
 * }</pre>
 */
public enum MutationSaving {

    /**
     * Only {@code setAttribute} and {@code removeAttribute} are saved. A value changed in place must be set again
     * to be saved; in exchange, a request that only reads never writes an attribute, so it cannot overwrite what
     * a concurrent request wrote.
     */
    ON_SET_ONLY,

    /**
     * Also saves values returned by {@code getAttribute} that were changed in place (a list appended to): they are
     * encoded again when the request's changes are written, and saved when their JSON differs from what was
     * loaded. The default, because it is what applications written for one server expect.
     */
    ON_SET_AND_GET
}
