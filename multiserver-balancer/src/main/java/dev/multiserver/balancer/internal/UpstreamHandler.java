package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an upstream connection's pipeline: hands what the backend sends to the exchange that owns
 * the connection, and closes a connection on which the backend speaks out of turn.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);

    private final Backend backend;
    private final long responseTimeoutNanos;
    private LazyTimeout responseTimeout;
    private Exchange exchange;

    UpstreamHandler(Backend backend, long responseTimeoutNanos) {
        this.backend = backend;
        this.responseTimeoutNanos = responseTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        responseTimeout = new LazyTimeout(ctx.executor(), responseTimeoutNanos, this::responseTimedOut);
    }

    static UpstreamHandler of(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }

    /** The connection now serves {@code exchange}; the backend must show signs of life from here on. */
    void attach(Exchange exchange) {
        this.exchange = exchange;
        responseTimeout.arm(responseTimeoutNanos);
    }

    void detach() {
        this.exchange = null;
        responseTimeout.disarm();
    }

    /** Bytes moved to or from the backend: the response timeout starts over. */
    void activity() {
        responseTimeout.arm(responseTimeoutNanos);
    }

    private void responseTimedOut() {
        Exchange current = exchange;
        if (current != null) {
            current.onResponseTimeout();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange current = exchange;
        if (current == null) {
            ReferenceCountUtil.release(msg);
            log.debug("{} sent data on an idle connection; closing it", backend.authority());
            ctx.close();
            return;
        }
        activity();
        if (msg instanceof HttpResponse response) {
            current.onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            current.onResponseContent(content);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange current = exchange;
        if (current != null) {
            current.onUpstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        responseTimeout.cancel();
        Exchange current = exchange;
        if (current != null) {
            current.onUpstreamClosed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange current = exchange;
        ctx.close();
        if (current != null) {
            current.onUpstreamClosed(cause);
        } else {
            log.debug("idle connection to {} failed: {}", backend.authority(), cause.toString());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && exchange == null) {
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }
}
