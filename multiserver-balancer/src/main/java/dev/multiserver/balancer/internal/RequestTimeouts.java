package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Sits before the HTTP codec and times the gaps between requests on a client connection: while no byte
 * of a next request has arrived, the connection may stay idle for the idle timeout; once one has, the
 * whole header section must arrive within the header timeout (slow-header clients are cut off with
 * 408). The frontend says when it waits for a request and when one arrived.
 */
final class RequestTimeouts extends ChannelDuplexHandler implements RequestTimer {

    private enum State { IDLE, RECEIVING_HEAD, BUSY }

    private final long headerTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private State state = State.BUSY;
    private LazyTimeout timer;

    RequestTimeouts(long headerTimeoutNanos, long idleTimeoutNanos) {
        this.headerTimeoutNanos = headerTimeoutNanos;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timer = new LazyTimeout(ctx.executor(), Math.min(headerTimeoutNanos, idleTimeoutNanos), this::expired);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel();
    }

    /** The connection is between requests: the idle timer runs until the first byte of the next. */
    @Override
    public void awaitingRequest() {
        state = State.IDLE;
        timer.arm(idleTimeoutNanos);
    }

    /** A request head was decoded: no timer until the exchange ends. */
    @Override
    public void requestReceived() {
        state = State.BUSY;
        timer.disarm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE && msg instanceof ByteBuf buf && buf.isReadable()) {
            state = State.RECEIVING_HEAD;
            timer.arm(headerTimeoutNanos);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timer.cancel();
        ctx.fireChannelInactive();
    }

    private void expired() {
        if (state == State.IDLE) {
            ctx.close();
        } else if (state == State.RECEIVING_HEAD) {
            state = State.BUSY;
            ctx.channel().writeAndFlush(ErrorResponses.of(ctx.alloc(),
                    HttpResponseStatus.REQUEST_TIMEOUT, "the request header was not received in time", false))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }
}
