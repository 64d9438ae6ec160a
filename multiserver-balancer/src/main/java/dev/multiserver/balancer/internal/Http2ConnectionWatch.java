package dev.multiserver.balancer.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an HTTP/2 connection's own pipeline (its streams have pipelines of their own). Closes the
 * connection once it has had no stream open for the idle timeout, and starts a graceful close when the
 * balancer drains; either way Netty's codec sends {@code GOAWAY} first and lets streams in flight finish
 * (within the shutdown grace period). Frames meant for the connection as a whole (SETTINGS, PING, GOAWAY)
 * are handled by the codec and end here.
 */
final class Http2ConnectionWatch extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionWatch.class);

    private final ProxyContext proxy;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private LazyTimeout idle;
    private int openStreams;

    Http2ConnectionWatch(ProxyContext proxy) {
        this.proxy = proxy;
        this.idleTimeoutNanos = proxy.config().idleTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.idle = new LazyTimeout(ctx.executor(), idleTimeoutNanos, this::idleTimedOut);
        idle.arm(idleTimeoutNanos);
        proxy.metrics().http2ConnectionOpened();
    }

    /** A client opened a stream (its channel runs on this connection's event loop). */
    void streamOpened() {
        if (openStreams++ == 0) {
            idle.disarm();
        }
        proxy.metrics().http2StreamOpened();
    }

    void streamClosed() {
        if (--openStreams == 0) {
            idle.arm(idleTimeoutNanos);
        }
    }

    private void idleTimedOut() {
        log.debug("closing HTTP/2 connection {}: no stream for {} ms", ctx.channel().remoteAddress(),
                idleTimeoutNanos / 1_000_000);
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ShutdownSignal.DRAIN) {
            ctx.close();
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    /** The codec has answered a protocol error with GOAWAY already; a client's fault is no warning. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            log.debug("HTTP/2 connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP/2 connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        idle.cancel();
    }
}
