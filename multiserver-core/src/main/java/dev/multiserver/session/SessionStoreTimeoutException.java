package dev.multiserver.session;

import java.time.Duration;

/** A session store did not answer within its timeout. */
public class SessionStoreTimeoutException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    public SessionStoreTimeoutException(String storeUri, String operation, Duration timeout, Throwable cause) {
        super(storeUri, operation + " took longer than " + SessionStoreTimeoutException.describe(timeout), cause);
    }

    static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
