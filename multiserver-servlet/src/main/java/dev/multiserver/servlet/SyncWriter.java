package dev.multiserver.servlet;

import java.io.PrintWriter;

/** The response's character stream, saving the session before anything goes out. */
final class SyncWriter extends PrintWriter {

    private final PrintWriter out;
    private final RequestSessions sessions;

    SyncWriter(PrintWriter out, RequestSessions sessions) {
        super(out);
        this.out = out;
        this.sessions = sessions;
    }

    @Override
    public void write(int c) {
        sessions.beforeCommit();
        super.write(c);
    }

    @Override
    public void write(char[] buffer, int off, int len) {
        sessions.beforeCommit();
        super.write(buffer, off, len);
    }

    @Override
    public void write(String text, int off, int len) {
        sessions.beforeCommit();
        super.write(text, off, len);
    }

    @Override
    public void flush() {
        sessions.beforeCommit();
        super.flush();
    }

    @Override
    public void close() {
        sessions.beforeCommit();
        super.close();
    }

    @Override
    public boolean checkError() {
        return super.checkError() || out.checkError();
    }
}
