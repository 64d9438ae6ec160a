package dev.multiserver.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks loopback ports that nothing listens on, for servers that need their port on the command line. */
final class FreePorts {

    static final String LOOPBACK = "127.0.0.1";

    private FreePorts() {}

    /**
     * Returns a port that was free a moment ago. Another process may still take it before the caller binds it;
     * {@link ServerProcess} retries with a new port when that happens.
     */
    static int allocate() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }
}
