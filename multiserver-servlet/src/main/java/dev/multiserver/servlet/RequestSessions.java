package dev.multiserver.servlet;

import dev.multiserver.session.SessionChanges;
import dev.multiserver.session.SessionStoreException;
import dev.multiserver.session.SessionValueException;
import dev.multiserver.session.StoredSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session of one request and everything it says to the store: the lazy load, the writes before the response
 * is committed and at its end, id changes, invalidation, and the cookie that goes with them. One lock (this
 * object) guards it and its {@link SyncSession}, since an asynchronous request may finish on another thread.
 */
final class RequestSessions {

    private static final Logger log = LoggerFactory.getLogger(SessionSyncFilter.class);

    private final SessionSettings settings;
    private final SessionIds ids;
    private final SessionCookies cookies;
    private final DistinctWarnings warnings;
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    private boolean lookedUp;
    private SyncSession session;
    /** The id the client's cookie names, when it named a live session. */
    private String requestedValidId;
    /** The session id this response's Set-Cookie header gave the client; "" for an expired cookie. */
    private String cookieWritten;
    /** Set when something may need writing before the response is committed. */
    private boolean pending;
    /** {@link StoreFailureMode#RESPOND_503}: the failure the filter answers with 503. */
    private SessionStoreException failure;
    /** {@link StoreFailureMode#PROCEED_WITHOUT_SESSION}: the store failed, this request no longer uses it. */
    private boolean detached;
    /** The session was deleted or expired elsewhere while this request ran, so its changes are dropped. */
    private boolean vanished;

    RequestSessions(SessionSettings settings, SessionIds ids, SessionCookies cookies, DistinctWarnings warnings,
            HttpServletRequest request, HttpServletResponse response) {
        this.settings = settings;
        this.ids = ids;
        this.cookies = cookies;
        this.warnings = warnings;
        this.request = request;
        this.response = response;
    }

    synchronized SyncSession session(boolean create) {
        throwIfFailed();
        if (session != null && session.isValid()) {
            return session;
        }
        if (!lookedUp) {
            lookUp();
            if (session != null) {
                return session;
            }
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("getSession: cannot create a session after the response has been "
                    + "committed");
        }
        session = SyncSession.create(this, ids.next(), Instant.now(), settings.maxInactiveInterval());
        pending = true;
        return session;
    }

    synchronized String changeId() {
        SyncSession current = session(false);
        if (current == null) {
            throw new IllegalStateException("changeSessionId: the request has no session");
        }
        String newId = ids.next();
        if (current.isStored() && usesStore()) {
            try {
                if (!settings.store().changeId(current.getId(), newId)) {
                    current.unsaved();
                }
            } catch (SessionStoreException e) {
                storeFailed(e);
            }
        }
        current.rename(newId);
        pending = true;
        return newId;
    }

    synchronized String requestedId() {
        return cookies.requested(request);
    }

    synchronized boolean isRequestedIdValid() {
        throwIfFailed();
        if (!lookedUp) {
            lookUp();
        }
        return requestedValidId != null && session != null && session.isValid()
                && session.getId().equals(requestedValidId);
    }

    boolean isRequestedIdFromCookie() {
        return requestedId() != null;
    }

    /** Writes what changed, if anything may have; called before the response's first byte, flush or redirect. */
    synchronized void beforeCommit() {
        if (pending) {
            write();
        }
    }

    /** Writes what changed since the last write; called when the application is done with the request. */
    synchronized void complete() {
        write();
    }

    /** Like {@link #complete()}, when the response can no longer be changed: a store failure is only logged. */
    synchronized void completeQuietly() {
        try {
            write();
        } catch (SessionStoreException e) {
            log.warn("{} (the session changes of {} {} are lost)", e.getMessage(), request.getMethod(),
                    request.getRequestURI());
        }
    }

    synchronized SessionStoreException failure() {
        return failure;
    }

    /** The response's headers were cleared: the cookie must be written again. */
    synchronized void responseReset() {
        cookieWritten = null;
        pending = true;
    }

    // --- for SyncSession, which holds the lock when it calls these

    void changed() {
        pending = true;
    }

    boolean tracksMutations() {
        return settings.mutationSaving() == MutationSaving.ON_SET_AND_GET;
    }

    String encode(String name, Object value) {
        return settings.codec().encode(name, value);
    }

    /** The JSON of a value changed in place, or null when it can no longer be stored (logged). */
    String reencode(String name, Object value) {
        try {
            return settings.codec().encode(name, value);
        } catch (SessionValueException e) {
            warnings.warn(e.getMessage() + " (the value was changed in place after getAttribute; it is not saved)");
            return null;
        }
    }

    /** The value of a stored JSON text, or null when it does not decode (logged once), which makes it absent. */
    Object decode(String name, String json) {
        try {
            return settings.codec().decode(name, json);
        } catch (SessionValueException e) {
            warnings.warn(settings.store().uri() + ": " + e.getMessage() + " (treated as absent)");
            return null;
        }
    }

    void invalidate(SyncSession invalidated) {
        if (invalidated.isStored() && usesStore()) {
            try {
                settings.store().delete(invalidated.getId());
            } catch (SessionStoreException e) {
                storeFailed(e);
            }
        }
        invalidated.invalidated();
        pending = true;
    }

    ServletContext servletContext() {
        return request.getServletContext();
    }

    // --- the rest

    private void lookUp() {
        lookedUp = true;
        Instant now = Instant.now();
        for (String id : cookies.candidates(request)) {
            Optional<StoredSession> stored;
            try {
                stored = settings.store().load(id);
            } catch (SessionStoreException e) {
                storeFailed(e);
                return;
            }
            if (stored.isPresent() && !stored.get().isExpiredAt(now)) {
                session = SyncSession.of(this, stored.get());
                requestedValidId = id;
                pending = touchDue(session, now);
                return;
            }
        }
    }

    private void write() {
        pending = false;
        if (failure != null) {
            return;
        }
        if (session != null && session.isValid() && usesStore()) {
            Instant now = Instant.now();
            SessionChanges changes = session.changes(now, touchDue(session, now));
            if (changes != null) {
                try {
                    if (settings.store().save(changes)) {
                        session.saved(changes);
                    } else {
                        vanished = true;
                    }
                } catch (SessionStoreException e) {
                    storeFailed(e);
                    return;
                }
            }
        }
        writeCookie();
    }

    private void writeCookie() {
        String wanted;
        if (session != null && session.isValid()) {
            if (!usesStore()) {
                return;
            }
            wanted = session.getId();
        } else if (session != null && (requestedValidId != null || cookieWritten != null)) {
            wanted = "";
        } else {
            return;
        }
        String clientHas = cookieWritten != null ? cookieWritten : requestedValidId;
        if (wanted.equals(clientHas) || response.isCommitted()) {
            return;
        }
        boolean secure = SessionCookies.isSecure(request);
        response.addHeader("Set-Cookie", wanted.isEmpty() ? cookies.expire(secure) : cookies.set(wanted, secure));
        cookieWritten = wanted;
    }

    private boolean touchDue(SyncSession session, Instant now) {
        if (!session.isStored()) {
            return false;
        }
        Duration interval = settings.touchIntervalFor(session.maxInactiveInterval());
        return Duration.between(session.writtenAccess(), now).compareTo(interval) >= 0;
    }

    private boolean usesStore() {
        return !detached && !vanished;
    }

    private void storeFailed(SessionStoreException e) {
        if (settings.onStoreFailure() == StoreFailureMode.RESPOND_503) {
            failure = e;
            throw e;
        }
        detached = true;
        log.warn("{} (going on without a session for {} {})", e.getMessage(), request.getMethod(),
                request.getRequestURI());
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }
}
