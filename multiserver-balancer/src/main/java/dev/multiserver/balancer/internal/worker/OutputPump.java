package dev.multiserver.balancer.internal.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a child process's output into the balancer's log, one entry per line prefixed with the
 * worker's id, on a thread of its own that ends with the stream. Lines longer than 8 KiB are split.
 */
final class OutputPump implements Runnable {

    private static final Logger log = LoggerFactory.getLogger("dev.multiserver.balancer.worker.output");
    private static final int MAX_LINE = 8192;

    private final String workerId;
    private final InputStream output;

    private OutputPump(String workerId, InputStream output) {
        this.workerId = workerId;
        this.output = output;
    }

    static void start(String workerId, long pid, InputStream output) {
        Thread thread = new Thread(new OutputPump(workerId, output), workerId + "-output-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        StringBuilder line = new StringBuilder();
        try (Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            char[] buffer = new char[4096];
            int n;
            while ((n = reader.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n' || line.length() == MAX_LINE) {
                        emit(line);
                    }
                    if (c != '\n' && c != '\r') {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            log.debug("[{}] output stream closed: {}", workerId, e.getMessage());
        }
        if (!line.isEmpty()) {
            emit(line);
        }
    }

    private void emit(StringBuilder line) {
        log.info("[{}] {}", workerId, line);
        line.setLength(0);
    }
}
