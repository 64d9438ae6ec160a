package dev.multiserver.servlet;

/**
 * What {@link SessionSyncFilter} does with a request when the session store fails (unreachable, too slow, closed).
 * Either way it logs one WARN line naming the store, without a stack trace, and asks the store again on the next
 * request: nothing is remembered as "down".
 *
 * <pre>{@code
 * SessionSyncFilter.builder(store).onStoreFailure(StoreFailureMode.PROCEED_WITHOUT_SESSION).build();
 * }</pre>
 */
public enum StoreFailureMode {

    /**
     * Answers {@code 503 Service Unavailable} with a short text body, unless the response is already committed.
     * The default: a user is never silently logged out.
     */
    RESPOND_503,

    /**
     * Lets the request go on with an empty session that is not saved and sets no cookie, so the user's session is
     * there again once the store is back.
     */
    PROCEED_WITHOUT_SESSION
}
