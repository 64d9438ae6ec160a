package dev.multiserver.balancer.internal.compression;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses responses on their way to the client, piece by piece as they stream: each body part written is
 * compressed and flushed out of the encoder at once (so a slow stream, such as server-sent events, is not
 * held back), and nothing is aggregated: the memory a response takes is the encoder's state, bounded by its
 * window, plus the part in hand. Sits in a pipeline of {@code HttpObject}s (an HTTP/1.1 connection after its
 * codec, or an HTTP/2 stream after its frame-to-object codec), ahead of the handler that answers requests:
 * it sees each request pass in to note what its client accepts, and each response pass out.
 *
 * <p>What is compressed is for {@link CompressionPolicy} to say; the rules that depend on the exchange are
 * here: never a response to {@code HEAD} or to HTTP/1.0 (which cannot take a chunked body), never an
 * interim 1xx, 101, 204, 206 or 304. A response that could be compressed gets {@code Vary: Accept-Encoding}
 * whether this client asked or not, so that caches keep the versions apart; a compressed one loses its
 * {@code Content-Length} and {@code Accept-Ranges} (the body goes chunked), and its strong {@code ETag}
 * becomes weak, since the bytes are no longer the backend's (a 304 that stands for a compressed response
 * gets the same ETag). After a protocol upgrade (101) everything passes through untouched; the handler that
 * takes over the connection should remove this one with the HTTP codec.
 */
public final class ResponseCompressor extends ChannelDuplexHandler {

    /** The name this handler has in a pipeline. */
    public static final String NAME = "compress";

    private static final Logger log = LoggerFactory.getLogger(ResponseCompressor.class);
    /** What a request's client takes, as a queue entry; HEAD's answer is never touched. */
    private static final Asked HEAD = new Asked(null, true);
    private static final Asked NOTHING = new Asked(null, false);

    private final CompressionPolicy policy;
    /** Requests read and not answered yet, oldest first: pipelined requests are answered in order. */
    private final Queue<Asked> requests = new ArrayDeque<>(2);
    /** The encoder of the response being compressed now, if one is. */
    private EmbeddedChannel encoder;

    public ResponseCompressor(CompressionPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            requests.add(asked(request));
        }
        ctx.fireChannelRead(msg);
    }

    private Asked asked(HttpRequest request) {
        if (HttpMethod.HEAD.equals(request.method()) || HttpMethod.CONNECT.equals(request.method())) {
            return HEAD;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            return NOTHING;
        }
        ContentCoding coding = policy.negotiate(request);
        return coding == null ? NOTHING : new Asked(coding, false);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            writeHead(ctx, response, promise);
        } else if (encoder != null && msg instanceof HttpContent content) {
            compress(ctx, content.content(), content instanceof LastHttpContent last ? last.trailingHeaders() : null,
                    promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private void writeHead(ChannelHandlerContext ctx, HttpResponse response, ChannelPromise promise) {
        int status = response.status().code();
        if (status < 200 && status != 101) {
            // 100 Continue and 103 Early Hints come before the answer: the request still waits for it.
            ctx.write(response, promise);
            return;
        }
        Asked asked = requests.poll();
        discardEncoder();
        ContentCoding coding = asked == null ? null : asked.coding();
        if (asked == null || asked.head() || status == 101 || status == 204 || status == 206
                || !policy.compressible(response)) {
            ctx.write(response, promise);
            return;
        }
        HttpHeaders headers = response.headers();
        addVary(headers);
        if (status == 304) {
            if (coding != null) {
                // It revalidates what this client holds, which was compressed: describe that.
                weakenEtag(headers);
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            ctx.write(response, promise);
            return;
        }
        if (coding == null || response instanceof FullHttpResponse full && !full.content().isReadable()) {
            ctx.write(response, promise);
            return;
        }
        encoder = new EmbeddedChannel(ctx.channel().id(), ctx.channel().metadata().hasDisconnect(),
                ctx.channel().config(), policy.newEncoder(coding));
        headers.set(HttpHeaderNames.CONTENT_ENCODING, coding.token());
        headers.remove(HttpHeaderNames.ACCEPT_RANGES);
        weakenEtag(headers);
        HttpUtil.setTransferEncodingChunked(response, true);
        if (response instanceof FullHttpResponse full) {
            ctx.write(new DefaultHttpResponse(full.protocolVersion(), full.status(), headers));
            compress(ctx, full.content(), full.trailingHeaders(), promise);
        } else {
            ctx.write(response, promise);
        }
    }

    /**
     * Compresses one body part ({@code data}, which this method now owns) and writes what comes out; with
     * {@code trailers} (the last part) it ends the encoding. A failure leaves the client with a body that
     * cannot be finished: the connection is closed.
     */
    private void compress(ChannelHandlerContext ctx, ByteBuf data, HttpHeaders trailers, ChannelPromise promise) {
        boolean last = trailers != null;
        ByteBuf out;
        try {
            if (data.isReadable()) {
                encoder.writeOutbound(data);
            } else {
                data.release();
            }
            if (last) {
                encoder.finish();
            }
            out = drain(ctx);
        } catch (Exception e) {
            log.warn("compressing a response to {} failed; closing the connection", ctx.channel().remoteAddress(), e);
            discardEncoder();
            promise.tryFailure(e);
            ctx.close();
            return;
        }
        if (last) {
            encoder = null;
            LastHttpContent end = new DefaultLastHttpContent(out);
            end.trailingHeaders().set(trailers);
            ctx.write(end, promise);
        } else {
            // Even nothing is written, in order, so that the promise completes after what came before it.
            ctx.write(new DefaultHttpContent(out), promise);
        }
    }

    /** What the encoder has produced so far, as one buffer. */
    private ByteBuf drain(ChannelHandlerContext ctx) {
        ByteBuf first = encoder.readOutbound();
        if (first == null) {
            return Unpooled.EMPTY_BUFFER;
        }
        ByteBuf next = encoder.readOutbound();
        if (next == null) {
            return first;
        }
        CompositeByteBuf all = ctx.alloc().compositeBuffer();
        all.addComponent(true, first);
        for (; next != null; next = encoder.readOutbound()) {
            all.addComponent(true, next);
        }
        return all;
    }

    /** Adds {@code Accept-Encoding} to {@code Vary}, keeping what is there, unless it is there already. */
    private static void addVary(HttpHeaders headers) {
        List<String> vary = new ArrayList<>(headers.getAll(HttpHeaderNames.VARY));
        for (String value : vary) {
            for (String field : value.split(",")) {
                String name = field.strip();
                if (name.equals("*") || name.equalsIgnoreCase("accept-encoding")) {
                    return;
                }
            }
        }
        vary.add("Accept-Encoding");
        headers.set(HttpHeaderNames.VARY, String.join(", ", vary));
    }

    /** {@code "x"} becomes {@code W/"x"}: the compressed bytes are equivalent to the backend's, not the same. */
    private static void weakenEtag(HttpHeaders headers) {
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.strip().toUpperCase(Locale.ROOT).startsWith("W/")) {
            headers.set(HttpHeaderNames.ETAG, "W/" + etag.strip());
        }
    }

    /** Ends an encoding left unfinished (the connection closed, or a response was cut short), freeing its memory. */
    private void discardEncoder() {
        if (encoder != null) {
            EmbeddedChannel unfinished = encoder;
            encoder = null;
            unfinished.finishAndReleaseAll();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardEncoder();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardEncoder();
        requests.clear();
    }

    /** What a request's client takes: a coding, none (null), or nothing touched at all ({@code head}). */
    private record Asked(ContentCoding coding, boolean head) {
    }
}
