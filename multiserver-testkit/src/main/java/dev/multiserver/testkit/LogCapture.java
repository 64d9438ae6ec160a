package dev.multiserver.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what is logged to standard error (where slf4j-simple writes) while it is open, and still passes it
 * through.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public LogCapture() {
        OutputStream both = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** The lines logged so far that contain {@code text}. */
    public List<String> lines(String text) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(all.split("\\R")).filter(line -> line.contains(text)).toList();
    }

    /**
     * The stack trace lines that follow log lines of loggers starting with one of {@code loggerPrefixes}: the
     * request path's, when given this project's and the container's. (A client library's I/O threads may log
     * the connection resets of a store going down with their own stack traces; those are not counted.)
     */
    public List<String> stackTracesLoggedBy(String... loggerPrefixes) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        List<String> traces = new ArrayList<>();
        boolean counted = false;
        for (String line : all.split("\\R")) {
            boolean traceLine = line.startsWith("\t") || line.startsWith("Caused by: ");
            if (!traceLine) {
                counted = Arrays.stream(loggerPrefixes).anyMatch(prefix -> line.contains(" " + prefix));
            } else if (counted) {
                traces.add(line);
            }
        }
        return traces;
    }

    /** Every line logged so far. */
    public List<String> lines() {
        return lines("");
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
