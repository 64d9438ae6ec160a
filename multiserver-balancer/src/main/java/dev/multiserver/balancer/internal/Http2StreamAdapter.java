package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2ResetFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an HTTP/2 stream where it differs from that of an HTTP/1.1 connection, so that
 * {@link FrontendHandler} and {@link Exchange} need not know the difference:
 * <ul>
 *   <li>the empty buffer the frontend writes before closing a connection means, on a stream, "once the
 *       response is out": closing before would reset the stream and cut the response short;
 *   <li>the empty end of an interim response (100 Continue) has no frame: its HEADERS frame was all of it;
 *   <li>a client's RST_STREAM closes the stream's channel at once, which cancels its exchange (and closes
 *       its upstream connection) even while request body frames wait unread;
 *   <li>closing a stream whose response is whole while the request is not (an early answer: an error, or
 *       a backend that did not wait for the body) resets it with NO_ERROR, which asks the client to stop
 *       sending without failing the response (RFC 9113 §8.1); Netty's default, CANCEL, would fail it;
 *   <li>a malformed request resets the stream, with PROTOCOL_ERROR most often (RFC 9113 §8.1.1).
 * </ul>
 */
final class Http2StreamAdapter extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(Http2StreamAdapter.class);

    private boolean inInterimResponse;
    private boolean requestEnded;
    private boolean responseEnded;
    private ChannelFuture lastWrite;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
            requestEnded = true;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            log.debug("client {} reset stream {} ({})", ctx.channel().remoteAddress(), reset.stream(),
                    Http2Error.valueOf(reset.errorCode()));
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * The stream broke the protocol: Netty's decoder found it malformed (no {@code :path}, a body longer than
     * its {@code content-length}), or the codec could not make an HTTP request of it. Resets it with the
     * error's code; the frontend sees the channel close and cancels the exchange.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http2Exception http2 = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
        if (http2 == null && !(cause instanceof DecoderException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        Throwable why = http2 != null ? http2 : cause.getCause() == null ? cause : cause.getCause();
        log.debug("malformed request from {}: {}", ctx.channel().remoteAddress(), why.toString());
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(http2 == null ? Http2Error.PROTOCOL_ERROR : http2.error()));
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            // The frontend's "close after what was written" marker: there are no bytes to write on a stream.
            buf.release();
            if (lastWrite == null || lastWrite.isDone()) {
                promise.setSuccess();
            } else {
                lastWrite.addListener(f -> promise.trySuccess());
            }
            return;
        }
        if (inInterimResponse && msg instanceof LastHttpContent last) {
            inInterimResponse = false;
            last.release();
            promise.setSuccess();
            return;
        }
        ChannelPromise tracked = promise.unvoid();
        if (msg instanceof HttpResponse response) {
            inInterimResponse = response.status().codeClass() == HttpStatusClass.INFORMATIONAL
                    && !(msg instanceof LastHttpContent);
            // A head the codec cannot turn into HEADERS (an invalid header) leaves nothing to answer with.
            tracked.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        if (msg instanceof LastHttpContent) {
            responseEnded = true;
        }
        lastWrite = tracked;
        ctx.write(msg, tracked);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (responseEnded && !requestEnded && ctx.channel().isActive()) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR));
        }
        ctx.close(promise);
    }
}
