package dev.multiserver.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a server over its own text protocol whether it is ready, and whether it is the process we started:
 * the reply must begin with an expected greeting and contain the server's process id, so a stranger that
 * happens to listen on the same port is never mistaken for ours.
 */
final class ReadinessProbe {

    private static final int CONNECT_TIMEOUT_MILLIS = 250;
    private static final int READ_TIMEOUT_MILLIS = 1000;
    private static final int MAX_REPLY_CHARS = 64 * 1024;

    private final byte[] request;
    private final String expectedStart;
    private final String pidMarkerFormat;

    /**
     * @param request bytes sent to the server
     * @param expectedStart what the reply must begin with
     * @param pidMarkerFormat a {@link String#format} pattern with one {@code %d} for the process id that the
     *     reply must contain
     */
    ReadinessProbe(String request, String expectedStart, String pidMarkerFormat) {
        this.request = request.getBytes(StandardCharsets.US_ASCII);
        this.expectedStart = expectedStart;
        this.pidMarkerFormat = pidMarkerFormat;
    }

    /** Returns whether the process {@code pid} answers at {@code address}; any I/O failure means "not yet". */
    boolean answeredBy(InetSocketAddress address, long pid) {
        String marker = String.format(pidMarkerFormat, pid);
        try (Socket socket = new Socket()) {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            String reply = readUntil(socket.getInputStream(), marker);
            return reply.startsWith(expectedStart) && reply.contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder reply = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (reply.indexOf(marker) < 0 && reply.length() < MAX_REPLY_CHARS) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            reply.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        return reply.toString();
    }
}
