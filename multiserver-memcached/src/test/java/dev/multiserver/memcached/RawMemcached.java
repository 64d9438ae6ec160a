package dev.multiserver.memcached;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/** Reads and writes items of one memcached server over the text protocol, underneath the store. */
final class RawMemcached {

    private final int port;

    RawMemcached(int port) {
        this.port = port;
    }

    void set(String key, byte[] value) {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("set " + key + " 0 0 " + value.length + "\r\n").getBytes(ISO_8859_1));
            out.write(value);
            out.write("\r\n".getBytes(ISO_8859_1));
            String reply = line(socket.getInputStream());
            if (!reply.equals("STORED")) {
                throw new IllegalStateException("set " + key + ": " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<byte[]> get(String key) {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("get " + key + "\r\n").getBytes(ISO_8859_1));
            InputStream in = socket.getInputStream();
            String header = line(in);
            if (header.equals("END")) {
                return Optional.empty();
            }
            // VALUE <key> <flags> <bytes>
            int length = Integer.parseInt(header.substring(header.lastIndexOf(' ') + 1));
            byte[] value = in.readNBytes(length);
            line(in);
            line(in);
            return Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("connection closed before the end of a line");
    }
}
