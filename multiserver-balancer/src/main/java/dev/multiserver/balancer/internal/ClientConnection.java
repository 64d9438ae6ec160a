package dev.multiserver.balancer.internal;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * What the forwarding headers say about one client connection, worked out once per connection rather
 * than once per request.
 *
 * @param remote    the client's address
 * @param clientIp  the client's IP as {@code X-Forwarded-For} lists it
 * @param node      the client as an RFC 7239 node ({@code 192.0.2.1}, {@code "[2001:db8::1]"})
 * @param localPort the port the client connected to, as text
 * @param proto     {@code http} or {@code https}
 */
record ClientConnection(InetSocketAddress remote, String clientIp, String node, String localPort, String proto) {

    static ClientConnection of(InetSocketAddress remote, InetSocketAddress local, String proto) {
        String ip = remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        String node = remote.getAddress() instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        return new ClientConnection(remote, ip, node, Integer.toString(local.getPort()), proto);
    }
}
