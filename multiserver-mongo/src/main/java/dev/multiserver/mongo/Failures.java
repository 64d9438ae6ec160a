package dev.multiserver.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionStoreTimeoutException;
import java.time.Duration;

/** Turns what the driver throws into the session store's exceptions, named after the store and the operation. */
final class Failures {

    private final String storeUri;
    private final Duration timeout;

    Failures(String storeUri, Duration timeout) {
        this.storeUri = storeUri;
        this.timeout = timeout;
    }

    SessionStoreException of(String operation, RuntimeException e) {
        if (e instanceof SessionStoreException already) {
            return already;
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoSocketReadTimeoutException) {
            return new SessionStoreTimeoutException(storeUri, operation, timeout, e);
        }
        return new SessionStoreException(storeUri, operation + " failed: " + describe(e), e);
    }

    SessionStoreException closed() {
        return new SessionStoreException(storeUri, "the store is closed");
    }

    /** What went wrong, a timeout said in a few words rather than the driver's view of the whole cluster. */
    static String describe(RuntimeException e, Duration timeout) {
        if (e instanceof MongoTimeoutException || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoSocketReadTimeoutException) {
            return "no answer within " + timeout + " (server unreachable or too slow)";
        }
        return describe(e);
    }

    /** What went wrong, in words that do not quote credentials. */
    static String describe(RuntimeException e) {
        if (e instanceof MongoSecurityException) {
            return "authentication failed (" + e.getMessage() + ")";
        }
        if (e instanceof MongoSocketException socket) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "cannot reach " + socket.getServerAddress() + " (" + cause.getMessage() + ")";
        }
        if (e instanceof MongoCommandException command) {
            return "error " + command.getErrorCode() + " " + command.getErrorCodeName() + ": "
                    + command.getErrorMessage();
        }
        if (e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
            // the server's message quotes the whole id, which is a credential
            return "another session has that id";
        }
        if (e instanceof MongoWriteException write) {
            return "write error " + write.getError().getCode() + ": " + write.getError().getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
