package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an upstream connection's pipeline: hands what the backend sends to the exchange that owns
 * the connection, times the backend out when it stays silent during an exchange (response timeout) or
 * the connection stays unused in the pool (idle timeout), and closes a connection on which the backend
 * speaks out of turn.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);

    private final Backend backend;
    private final long responseTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private LazyTimeout timeout;
    private UpstreamListener exchange;
    private boolean reused;

    UpstreamHandler(Backend backend, long responseTimeoutNanos, long idleTimeoutNanos) {
        this.backend = backend;
        this.responseTimeoutNanos = responseTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timeout = new LazyTimeout(ctx.executor(), Math.min(responseTimeoutNanos, idleTimeoutNanos), this::timedOut);
    }

    /** Taken out of the pipeline (the connection became a WebSocket): its timers have no say any more. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeout.cancel();
        exchange = null;
    }

    static UpstreamHandler of(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }

    /** The connection now serves {@code exchange}; the backend must show signs of life from here on. */
    void attach(UpstreamListener exchange) {
        this.exchange = exchange;
        timeout.arm(responseTimeoutNanos);
    }

    /** The exchange is over; the connection closes or waits in the pool for the idle timeout. */
    void detach() {
        this.exchange = null;
        timeout.arm(idleTimeoutNanos);
    }

    /** Whether the connection served an exchange before this one (see {@link #markReused()}). */
    boolean isReused() {
        return reused;
    }

    /**
     * Marks the connection as going back to the pool. A backend may close an idle connection just as it
     * is reused; such a failure says nothing about the backend, and a safe request can be retried.
     */
    void markReused() {
        reused = true;
    }

    /** Bytes moved to or from the backend: the response timeout starts over. */
    void activity() {
        timeout.arm(responseTimeoutNanos);
    }

    private void timedOut() {
        UpstreamListener current = exchange;
        if (current != null) {
            current.onResponseTimeout();
        } else {
            log.debug("closing the connection to {}: idle for {} ms", backend.authority(),
                    idleTimeoutNanos / 1_000_000);
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener current = exchange;
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
        UpstreamListener current = exchange;
        if (current != null) {
            current.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener current = exchange;
        if (current != null) {
            current.onUpstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeout.cancel();
        UpstreamListener current = exchange;
        if (current != null) {
            current.onUpstreamClosed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener current = exchange;
        ctx.close();
        if (current != null) {
            current.onUpstreamClosed(cause);
        } else {
            log.debug("idle connection to {} failed: {}", backend.authority(), cause.toString());
        }
    }

}
