package dev.multiserver.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.function.Supplier;

/**
 * Writes the responses of one test-backend connection: complete ones, generated bodies with backpressure,
 * echoes, truncated and raw ones, or none at all (close, reset). When a response has been written it tells the
 * {@link Completion} whether the connection may read the next request.
 */
final class ResponseWriter {

    /** Told on the event loop when a response is about to end and when it has been written or has failed. */
    interface Completion {
        /** The last part of the response is being written: from the peer's view the request is answered. */
        void answering();

        void responded(boolean readNext);
    }

    static final String BACKEND_ID = "X-Backend-Id";
    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final String backendId;
    private final Completion completion;

    private PatternBody pendingBody;
    private boolean pendingKeepAlive;
    private boolean echoKeepAlive;

    ResponseWriter(ChannelHandlerContext ctx, String backendId, Completion completion) {
        this.ctx = ctx;
        this.backendId = backendId;
        this.completion = completion;
    }

    /** Sends {@code body} (which this method now owns) with {@code Content-Length}, or chunked. */
    void respond(HttpRequest request, HttpResponseStatus status, CharSequence contentType, HttpHeaders extra,
            ByteBuf body, boolean chunked) {
        HttpResponse head = head(request, status, contentType, chunked ? -1 : body.readableBytes(), extra);
        ctx.write(head);
        finish(() -> ctx.writeAndFlush(new DefaultLastHttpContent(body)), keepAlive(request, head));
    }

    /** Sends a short {@code text/plain} response, such as an error message. */
    void respondText(HttpRequest request, HttpResponseStatus status, String text) {
        respond(request, status, TEXT_PLAIN, EmptyHttpHeaders.INSTANCE, Unpooled.copiedBuffer(text, UTF_8), false);
    }

    /** Answers a request that could not be decoded, then closes: the rest of the stream cannot be trusted. */
    void rejectAndClose(String reason) {
        ByteBuf body = Unpooled.copiedBuffer(reason, UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, body);
        response.headers()
                .set(BACKEND_ID, backendId)
                .set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /** Streams {@code size} pattern bytes, a 64 KiB chunk at a time, only while the channel is writable. */
    void respondPattern(HttpRequest request, HttpResponseStatus status, HttpHeaders extra, long size,
            boolean chunked) {
        HttpResponse head = head(request, status, HttpHeaderValues.APPLICATION_OCTET_STREAM, chunked ? -1 : size,
                extra);
        ctx.write(head);
        if (isBodyless(request, status)) {
            finish(() -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive(request, head));
            return;
        }
        pendingBody = new PatternBody(size);
        pendingKeepAlive = keepAlive(request, head);
        resume();
    }

    /** Promises {@link Script#MID_BODY_PROMISED} bytes, sends {@link Script#MID_BODY_SENT}, then closes. */
    void respondTruncated(HttpRequest request, HttpResponseStatus status, HttpHeaders extra) {
        ctx.write(head(request, status, HttpHeaderValues.APPLICATION_OCTET_STREAM, Script.MID_BODY_PROMISED, extra));
        ByteBuf part = new PatternBody(Script.MID_BODY_SENT).next(ctx.alloc());
        ctx.writeAndFlush(new DefaultHttpContent(part)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Sends the head of a chunked response whose body will be the request body, see {@link #echo(ByteBuf)}. */
    void startEcho(HttpRequest request, HttpResponseStatus status, HttpHeaders extra) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        HttpResponse head = head(request, status,
                contentType != null ? contentType : HttpHeaderValues.APPLICATION_OCTET_STREAM, -1, extra);
        echoKeepAlive = keepAlive(request, head);
        ctx.writeAndFlush(head);
    }

    /** Sends a piece of request body back; {@code content} stays owned by the caller. */
    void echo(ByteBuf content) {
        if (content.isReadable()) {
            ctx.writeAndFlush(new DefaultHttpContent(content.retainedDuplicate()));
        }
    }

    void endEcho() {
        finish(() -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), echoKeepAlive);
    }

    /** The interim {@code 100 Continue} for a request with {@code Expect: 100-continue}. */
    void sendContinue() {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
    }

    /** Writes bytes below the HTTP encoder, straight to the socket. */
    void sendRaw(byte[] bytes, boolean thenClose) {
        if (thenClose) {
            ctx.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(bytes))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            finish(() -> ctx.pipeline().firstContext().writeAndFlush(Unpooled.wrappedBuffer(bytes)), true);
        }
    }

    void close() {
        ctx.close();
    }

    /** Closes with {@code SO_LINGER} 0, so the kernel sends RST instead of FIN. */
    void reset() {
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    /** Continues a generated body once the channel is writable again. */
    void resume() {
        if (pendingBody == null) {
            return;
        }
        while (ctx.channel().isWritable() && !pendingBody.isDone()) {
            ctx.write(new DefaultHttpContent(pendingBody.next(ctx.alloc())));
        }
        if (pendingBody.isDone()) {
            pendingBody = null;
            finish(() -> ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), pendingKeepAlive);
        } else {
            ctx.flush();
        }
    }

    /** Forgets a body in progress when the connection closes. */
    void abort() {
        pendingBody = null;
    }

    private HttpResponse head(HttpRequest request, HttpResponseStatus status, CharSequence contentType,
            long contentLength, HttpHeaders extra) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        HttpHeaders headers = response.headers();
        headers.set(BACKEND_ID, backendId);
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (contentLength < 0) {
            HttpUtil.setTransferEncodingChunked(response, true);
        } else {
            HttpUtil.setContentLength(response, contentLength);
        }
        if (!HttpUtil.isKeepAlive(request)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!request.protocolVersion().isKeepAliveDefault()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        for (String name : extra.names()) {
            headers.remove(name);
        }
        headers.add(extra);
        return response;
    }

    private void finish(Supplier<ChannelFuture> lastWrite, boolean keepAlive) {
        completion.answering();
        lastWrite.get().addListener(future -> completion.responded(future.isSuccess() && keepAlive));
    }

    private static boolean keepAlive(HttpRequest request, HttpResponse response) {
        return HttpUtil.isKeepAlive(request) && HttpUtil.isKeepAlive(response);
    }

    private static boolean isBodyless(HttpRequest request, HttpResponseStatus status) {
        return HttpMethod.HEAD.equals(request.method())
                || status.code() == HttpResponseStatus.NO_CONTENT.code()
                || status.code() == HttpResponseStatus.NOT_MODIFIED.code();
    }
}
