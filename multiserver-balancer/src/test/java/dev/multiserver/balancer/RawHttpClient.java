package dev.multiserver.balancer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client over one socket: sends exactly the bytes a test writes (malformed
 * ones included) and reads responses one at a time, so tests see what a client on the wire sees.
 */
final class RawHttpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawHttpClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    OutputStream output() {
        return out;
    }

    InputStream input() {
        return in;
    }

    Socket socket() {
        return socket;
    }

    /** Reads one response; {@code headRequest} for a response to HEAD (no body whatever the headers say). */
    Response read(boolean headRequest) throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        Response response = new Response(statusLine, status, headers, new byte[0]);
        if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
            return response;
        }
        String length = response.header("Content-Length");
        String te = response.header("Transfer-Encoding");
        byte[] body;
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked();
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Response(statusLine, status, headers, body);
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (reads EOF, or a reset, within the socket timeout). */
    boolean isClosedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed after: '" + line + "'");
            }
            if (b == '\n') {
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Response(String statusLine, int status, List<String[]> headers, byte[] body) {

        String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    values.add(h[1]);
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
