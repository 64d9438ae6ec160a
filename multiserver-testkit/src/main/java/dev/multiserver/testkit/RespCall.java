package dev.multiserver.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One Redis command over a new connection, for the testkit's own set-up of servers (not for tests' data). */
final class RespCall {

    private static final int TIMEOUT_MILLIS = 2000;

    private RespCall() {
    }

    /**
     * Sends the command to {@code 127.0.0.1:port} and returns its reply: a status, an integer or a bulk string as
     * text, {@code null} for a null bulk string.
     *
     * @throws IllegalStateException when the server answers with an error
     * @throws UncheckedIOException  when it cannot be reached
     */
    static String call(int port, String... command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
            for (String part : command) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream(), port, command);
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server on " + FreePorts.LOOPBACK + ":" + port + ": "
                    + String.join(" ", command) + " failed", e);
        }
    }

    private static String readReply(InputStream in, int port, String[] command) throws IOException {
        String line = readLine(in);
        char type = line.isEmpty() ? '?' : line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
            case ':':
                return rest;
            case '-':
                throw new IllegalStateException("redis-server on " + FreePorts.LOOPBACK + ":" + port + ": "
                        + String.join(" ", command) + " answered " + rest);
            case '$':
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bulk = in.readNBytes(length + 2);
                return new String(bulk, 0, length, StandardCharsets.UTF_8);
            default:
                throw new IOException("unexpected reply to " + String.join(" ", command) + ": " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int next = in.read(); next >= 0; next = in.read()) {
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
        throw new IOException("connection closed before the end of the reply");
    }
}
