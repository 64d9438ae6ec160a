package dev.multiserver.servlet.cache;

import dev.multiserver.cache.BodyRecorder;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * A response whose head becomes final at its first body byte, flush or end: {@link #onHead()} then reports it to
 * the cache and says where the body goes, and every body byte is copied into the recorder as it passes.
 */
abstract class RecordingResponse extends HttpServletResponseWrapper {

    private boolean started;
    private OutputStream sink;
    private BodyRecorder recorder;
    private Body body;
    private PrintWriter writer;

    RecordingResponse(HttpServletResponse response) {
        super(response);
    }

    /** The head is final: report it, keep the recorder ({@link #record}); answer the body's sink, or null to drop it. */
    abstract OutputStream onHead() throws IOException;

    final void record(BodyRecorder bodyRecorder) {
        this.recorder = bodyRecorder;
    }

    final boolean started() {
        return started;
    }

    /** Fixes the head now, if nothing did before. */
    final void start() throws IOException {
        if (!started) {
            started = true;
            sink = onHead();
        }
    }

    /** Marks the head as handled elsewhere (an error, a redirect): later body bytes go to {@code to}, unrecorded. */
    final void startedElsewhere(OutputStream to) {
        started = true;
        sink = to;
    }

    /** The body is complete: what was recorded is stored. */
    final void completeBody() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        start();
        if (recorder != null) {
            BodyRecorder complete = recorder;
            recorder = null;
            complete.complete();
        }
    }

    /** The body will not be complete: nothing is stored. */
    final void abortBody() {
        if (recorder != null) {
            BodyRecorder broken = recorder;
            recorder = null;
            broken.abort();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has been called on this response");
        }
        if (body == null) {
            body = new Body();
        }
        return body;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (body != null) {
                throw new IllegalStateException("getOutputStream() has been called on this response");
            }
            Charset charset = charset(getCharacterEncoding());
            // the container adds the charset to Content-Type when the application takes its writer; say it here
            setCharacterEncoding(charset.name());
            body = new Body();
            writer = new PrintWriter(new OutputStreamWriter(body, charset), false);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        start();
        if (sink != null) {
            sink.flush();
        }
    }

    @Override
    public void resetBuffer() {
        // bytes already recorded are not the response any more
        abortBody();
        super.resetBuffer();
    }

    @Override
    public void reset() {
        abortBody();
        super.reset();
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** The body as the application writes it: to the sink and into the recorder. */
    private final class Body extends ServletOutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            start();
            if (recorder != null) {
                recorder.append(ByteBuffer.wrap(bytes, offset, length));
            }
            if (sink != null) {
                try {
                    sink.write(bytes, offset, length);
                } catch (IOException clientGone) {
                    abortBody();
                    throw clientGone;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            start();
            if (sink != null) {
                sink.flush();
            }
        }

        @Override
        public void close() throws IOException {
            completeBody();
            if (sink != null) {
                sink.close();
            }
        }

        @Override
        public boolean isReady() {
            return !(sink instanceof ServletOutputStream out) || out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            if (sink instanceof ServletOutputStream out) {
                out.setWriteListener(listener);
            } else {
                throw new IllegalStateException("setWriteListener: the response head is not final yet");
            }
        }
    }
}
