package dev.multiserver.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a port while nothing listens on it: a TCP socket bound to the port but neither listening nor connected,
 * so connection attempts are refused while the kernel will not hand the port out as an ephemeral one.
 * Best effort: another socket that also sets {@code SO_REUSEADDR} may still bind it.
 */
final class PortReservation implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PortReservation.class);

    private final Socket socket;

    private PortReservation(Socket socket) {
        this.socket = socket;
    }

    /** Reserves {@code address}, or returns an empty reservation (and logs why) if it cannot. */
    static PortReservation hold(InetSocketAddress address) {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address);
            return new PortReservation(socket);
        } catch (IOException e) {
            log.debug("cannot reserve {} while refusing connections", address, e);
            closeQuietly(socket);
            return new PortReservation(null);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("cannot close {}", socket, e);
        }
    }
}
