package dev.multiserver.testkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Sends one command to a line-based server (Redis, memcached) and reads the reply. */
final class TextProtocol {

    private TextProtocol() {}

    /** Sends {@code command} to 127.0.0.1:{@code port} and reads until the reply ends with {@code replyEnd}. */
    static String exchange(int port, String command, String replyEnd) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(command.getBytes(ISO_8859_1));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            while (!reply.toString().endsWith(replyEnd)) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after reply " + reply);
                }
                reply.append((char) b);
            }
            return reply.toString();
        }
    }

    /** A Redis command in RESP, answered with a single line such as {@code +PONG}. */
    static String redis(int port, String... arguments) throws IOException {
        StringBuilder command = new StringBuilder("*").append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            command.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return exchange(port, command.toString(), "\r\n");
    }
}
