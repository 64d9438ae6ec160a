package dev.multiserver.balancer.admin;

import dev.multiserver.balancer.LoadBalancer;
import java.net.InetSocketAddress;

/** Placeholder until the admin server lands (being written now). */
public final class AdminServer implements AutoCloseable {

    private AdminServer() {
    }

    public static AdminServer start(LoadBalancer balancer, String bindAddress, int port, String token) {
        throw new UnsupportedOperationException("admin server not written yet");
    }

    public InetSocketAddress localAddress() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
