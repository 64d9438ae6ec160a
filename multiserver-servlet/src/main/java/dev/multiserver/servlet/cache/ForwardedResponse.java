package dev.multiserver.servlet.cache;

import dev.multiserver.cache.Admission;
import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.CachedResponse;
import dev.multiserver.cache.ResponseStart;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The response the application writes for a forwarded request. Status and headers go to the client's response as
 * usual; when the head becomes final they are reported to the cache, the cache's changes (its status header) are
 * applied, and the body streams to the client while it is copied into the cache. When the cache has a better
 * answer (a stale copy for a 5xx, the refreshed entry for a 304 to its own conditional request) the application's
 * body is dropped and that answer is written at the end instead.
 */
final class ForwardedResponse extends RecordingResponse {

    private final HttpServletResponse client;
    private final Admission admission;
    private boolean detached;
    private CachedResponse instead;

    ForwardedResponse(HttpServletResponse client, Admission admission) {
        super(client);
        this.client = client;
        this.admission = admission;
    }

    @Override
    OutputStream onHead() throws IOException {
        if (detached) {
            return client.getOutputStream();
        }
        int status = client.getStatus();
        CacheHeaders headers = ServletHeaders.of(client);
        if (status >= 500) {
            instead = admission.onError(status).orElse(null);
            return instead != null ? null : client.getOutputStream();
        }
        ResponseStart start = admission.onResponse(status, headers);
        if (start.replacement().isPresent()) {
            instead = start.replacement().get();
            return null;
        }
        ServletHeaders.replace(client, headers, start.clientHeaders());
        start.recorder().ifPresent(this::record);
        return client.getOutputStream();
    }

    /** The application returned: ends the body, or writes the cache's answer in place of the application's. */
    void finish() throws IOException {
        completeBody();
        writeInstead();
    }

    /**
     * The application threw. Answers whether the exception is handled: a stale copy was served in place of the
     * error because nothing had gone to the client yet.
     */
    boolean failed() throws IOException {
        if (!started()) {
            startedElsewhere(null);
            instead = detached ? null : admission.onError(500).orElse(null);
        } else {
            abortBody();
        }
        if (instead == null || client.isCommitted()) {
            return false;
        }
        writeInstead();
        return true;
    }

    /** The application went asynchronous: the rest of the response is its own, uncached. */
    void detach() {
        if (detached) {
            return;
        }
        detached = true;
        abortBody();
        admission.abandon();
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (headUnreported(status)) {
            instead = admission.onError(status).orElse(null);
            startedElsewhere(null);
            if (instead != null) {
                return;
            }
        }
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (!started() && !detached) {
            // the container writes the redirect: report its head, store nothing
            setStatus(HttpServletResponse.SC_FOUND);
            setHeader("Location", location);
            start();
            abortBody();
        }
        super.sendRedirect(location);
    }

    /** Whether this is the first word of a 5xx that the cache has not heard of; reports other statuses as heads. */
    private boolean headUnreported(int status) throws IOException {
        if (started() || detached) {
            return false;
        }
        if (status >= 500) {
            return true;
        }
        setStatus(status);
        start();
        // the container writes the error page: nothing of it is seen here, so nothing is stored
        abortBody();
        return false;
    }

    private void writeInstead() throws IOException {
        if (instead != null) {
            CachedResponse answer = instead;
            instead = null;
            client.reset();
            CachedResponses.write(client, answer);
        }
    }
}
