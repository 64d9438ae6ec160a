package dev.multiserver.balancer.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the TLS handshake and makes the connection an HTTP/2 one when ALPN chose {@code h2}; any other
 * outcome (including a client without ALPN) leaves the HTTP/1.1 pipeline as it is.
 */
final class Http2AlpnNegotiator extends ApplicationProtocolNegotiationHandler {

    private static final Logger log = LoggerFactory.getLogger(Http2AlpnNegotiator.class);

    private final Http2Pipeline http2;

    Http2AlpnNegotiator(Http2Pipeline http2) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http2 = http2;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2.install(ctx.pipeline());
        }
    }

    /** Scanners and clients that distrust the certificate fail handshakes all day: not worth a warning. */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
