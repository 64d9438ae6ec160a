package dev.multiserver.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/** The response's byte stream, saving the session before anything goes out. */
final class SyncOutputStream extends ServletOutputStream {

    private final ServletOutputStream out;
    private final RequestSessions sessions;

    SyncOutputStream(ServletOutputStream out, RequestSessions sessions) {
        this.out = out;
        this.sessions = sessions;
    }

    @Override
    public void write(int b) throws IOException {
        sessions.beforeCommit();
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        sessions.beforeCommit();
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        sessions.beforeCommit();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        sessions.beforeCommit();
        out.close();
    }

    @Override
    public boolean isReady() {
        return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        out.setWriteListener(listener);
    }
}
