package dev.multiserver.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response the application sees: whatever can commit it (the first byte, a flush, a redirect, an error)
 * first writes the session's pending changes and cookie, so the next request, on any instance, sees them.
 */
final class SyncResponse extends HttpServletResponseWrapper {

    private final RequestSessions sessions;
    private SyncOutputStream output;
    private PrintWriter writer;

    SyncResponse(HttpServletResponse response, RequestSessions sessions) {
        super(response);
        this.sessions = sessions;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new SyncOutputStream(super.getOutputStream(), sessions);
        }
        return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new SyncWriter(super.getWriter(), sessions);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        sessions.beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        sessions.beforeCommit();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        sessions.beforeCommit();
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        sessions.beforeCommit();
        super.sendError(status);
    }

    @Override
    public void reset() {
        super.reset();
        sessions.responseReset();
    }
}
