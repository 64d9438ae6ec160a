package dev.multiserver.servlet.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client that completes the handshake and then stops reading, as a client on a stalled network does:
 * what the server writes piles up in the socket buffers until its sends no longer complete. It can later read what
 * arrived, frame by frame, up to the server's close frame.
 */
final class StalledClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;

    private StalledClient(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    static StalledClient connect(int port, String path) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(16 * 1024);    // before connecting, so the window stays small
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IllegalStateException("no upgrade: " + head);
            }
            return new StalledClient(socket, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every frame up to the close frame; returns the number of messages before it and the close code. */
    Result readUntilClose() {
        try {
            int messages = 0;
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[Math.toIntExact(length)];   // a server's frames are not masked
                in.readFully(payload);
                int opcode = first & 0x0f;
                if (opcode == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    return new Result(messages, code);
                }
                if ((first & 0x80) != 0 && opcode != 9 && opcode != 10) {
                    messages++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int messages, int closeCode) {
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
