package dev.multiserver.balancer.internal.tls;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.tls.BackendTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's one client TLS context toward {@code https://} backends, built at start from a
 * {@link BackendTls}: TLS 1.3 and 1.2, the trust it says, host name verification, SNI. Each connection
 * gets its own {@link SslHandler} from it.
 */
public final class BackendSslContext {

    private static final Logger log = LoggerFactory.getLogger(BackendSslContext.class);

    private final SslContext context;
    private final long handshakeTimeoutMillis;

    private BackendSslContext(SslContext context, long handshakeTimeoutMillis) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * Builds the context; loading the default trust store is file I/O, so this runs at start, never on
     * an event loop.
     *
     * @param handshakeTimeout how long a handshake may take once the TCP connection is open
     * @throws TlsConfigException naming the CA bundle when the context cannot be made of it
     */
    public static BackendSslContext build(BackendTls tls, Duration handshakeTimeout) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(ServerSslContexts.PROTOCOLS);
        if (!tls.trustedCertificates().isEmpty()) {
            builder.trustManager(tls.trustedCertificates());
        }
        try {
            return new BackendSslContext(builder.build(), Math.max(1, handshakeTimeout.toMillis()));
        } catch (SSLException | RuntimeException e) {
            throw new TlsConfigException("backend TLS with " + tls + ": " + e.getMessage(), e);
        }
    }

    /**
     * A handler that opens TLS with {@code backend} as soon as the connection is: it verifies that the
     * certificate names the backend's host and sends the host as SNI when it is a DNS name (an IP address
     * is not allowed there, RFC 6066 §3).
     */
    public SslHandler newHandler(ByteBufAllocator alloc, Backend backend) {
        SslHandler handler = context.newHandler(alloc, backend.host(), backend.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        String host = backend.host();
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            try {
                // Set here: the JDK sends SNI on its own only for names with a dot, not for "localhost" or "app".
                parameters.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                log.debug("no SNI for backend {}: {} is not a valid SNI host name", backend.authority(), host);
            }
        }
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /**
     * Succeeds with {@code channel} once its TLS handshake with {@code backend} succeeded; otherwise
     * fails with a {@link BackendHandshakeException} that says why, and closes the channel.
     */
    public static Future<Channel> handshaken(Channel channel, Backend backend) {
        Promise<Channel> done = channel.eventLoop().newPromise();
        channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(handshake -> {
            if (handshake.isSuccess()) {
                done.trySuccess(channel);
            } else {
                done.tryFailure(BackendHandshakeException.of(backend, handshake.cause()));
                channel.close();
            }
        });
        return done;
    }
}
