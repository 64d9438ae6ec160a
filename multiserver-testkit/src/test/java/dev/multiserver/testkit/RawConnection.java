package dev.multiserver.testkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.function.Consumer;

/** A plain TCP client for tests that need to see HTTP/1.1 bytes exactly as they were sent. */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawConnection open(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    RawConnection send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads a response head up to and including the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of head: " + head);
            }
            head.write(b);
        }
        return head.toString(ISO_8859_1);
    }

    /** Reads exactly {@code length} bytes. */
    byte[] readBytes(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("connection closed after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** Reads until the peer closes, returning everything that arrived. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Reads a head and its {@code Content-Length} body as text. */
    String readResponse() throws IOException {
        String head = readHead();
        return head + new String(readBytes(contentLength(head)), ISO_8859_1);
    }

    /** Reads a chunked body, feeding its data to {@code sink}, up to and including the last chunk. */
    long readChunkedBody(Consumer<byte[]> sink) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = readLine();
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return total;
            }
            sink.accept(readBytes(size));
            total += size;
            if (!readLine().isEmpty()) {
                throw new IOException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (line.length() < 2 || line.charAt(line.length() - 2) != '\r' || line.charAt(line.length() - 1) != '\n') {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 2);
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new IllegalArgumentException("no Content-Length in " + head);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
