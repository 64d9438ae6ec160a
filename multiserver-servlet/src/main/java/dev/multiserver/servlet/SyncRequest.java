package dev.multiserver.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;

/** The request the application sees: its session methods answer from the store, not the container. */
final class SyncRequest extends HttpServletRequestWrapper {

    private final RequestSessions sessions;
    private final SyncResponse response;

    SyncRequest(HttpServletRequest request, SyncResponse response, RequestSessions sessions) {
        super(request);
        this.sessions = sessions;
        this.response = response;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return sessions.session(create);
    }

    @Override
    public HttpSession getSession() {
        return sessions.session(true);
    }

    @Override
    public String changeSessionId() {
        return sessions.changeId();
    }

    @Override
    public String getRequestedSessionId() {
        return sessions.requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessions.isRequestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessions.isRequestedIdFromCookie();
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    /** Starts with these wrappers, so writes of the asynchronous part still save before the response commits. */
    @Override
    public AsyncContext startAsync() {
        return saveOnComplete(super.startAsync(this, response));
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return saveOnComplete(super.startAsync(request, response));
    }

    private AsyncContext saveOnComplete(AsyncContext context) {
        context.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                sessions.completeQuietly();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
            }

            @Override
            public void onError(AsyncEvent event) {
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // a new cycle of the same request drops the listeners; this one must stay
                event.getAsyncContext().addListener(this);
            }
        });
        return context;
    }
}
