package dev.multiserver.balancer.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A server stream's frames as the {@code HttpObject}s an HTTP/1.1 decoder gives, and responses back as
 * frames; the header translation is Netty's ({@link HttpConversionUtil}: pseudo-headers to method, target
 * and {@code Host}, cookies joined, connection-specific headers dropped). Netty's own
 * {@code Http2StreamFrameToHttpObjectCodec} is close, but this is what {@link FrontendHandler} expects:
 * <ul>
 *   <li>a request whose HEADERS frame ends the stream is a head and an empty end, never a full request
 *       (which that codec allocates a buffer for, and leaks when the head is malformed);
 *   <li>a request with a body and no {@code content-length} is marked chunked, the framing it gets upstream;
 *   <li>the {@code x-http2-*} headers the translation adds (stream id, scheme) are dropped, not proxied;
 *   <li>an interim response's head is one HEADERS frame (its empty end is dropped by
 *       {@link Http2StreamAdapter}, as a codec must write something for every message).
 * </ul>
 */
@Sharable
final class Http2StreamCodec extends MessageToMessageCodec<Http2StreamFrame, HttpObject> {

    private static final AsciiString EXTENSION_PREFIX = AsciiString.cached("x-http2-");

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof Http2HeadersFrame || msg instanceof Http2DataFrame;
    }

    // ---- client to balancer --------------------------------------------------------------------------

    @Override
    protected void decode(ChannelHandlerContext ctx, Http2StreamFrame frame, List<Object> out) throws Exception {
        int streamId = frame.stream() == null ? 0 : frame.stream().id();
        if (frame instanceof Http2HeadersFrame headers) {
            if (headers.headers().method() == null) {
                out.add(trailers(streamId, headers.headers()));
                return;
            }
            HttpRequest request = HttpConversionUtil.toHttpRequest(streamId, headers.headers(), true);
            removeExtensionHeaders(request.headers());
            out.add(request);
            if (headers.isEndStream()) {
                out.add(LastHttpContent.EMPTY_LAST_CONTENT);
            } else if (!HttpUtil.isContentLengthSet(request)) {
                request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        } else if (frame instanceof Http2DataFrame data) {
            out.add(data.isEndStream() ? new DefaultLastHttpContent(data.content().retain())
                    : new DefaultHttpContent(data.content().retain()));
        }
    }

    private static LastHttpContent trailers(int streamId, Http2Headers headers) throws Exception {
        LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        HttpConversionUtil.addHttp2ToHttpHeaders(streamId, headers, last.trailingHeaders(), HttpVersion.HTTP_1_1,
                true, true);
        return last;
    }

    private static void removeExtensionHeaders(HttpHeaders headers) {
        List<CharSequence> names = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            CharSequence name = it.next().getKey();
            if (AsciiString.regionMatches(name, true, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
                if (names == null) {
                    names = new ArrayList<>(2);
                }
                names.add(name);
            }
        }
        if (names != null) {
            names.forEach(headers::remove);
        }
    }

    // ---- balancer to client --------------------------------------------------------------------------

    @Override
    protected void encode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) {
        if (msg instanceof HttpResponse response) {
            Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, true);
            boolean interim = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (!interim && msg instanceof FullHttpResponse full && !full.content().isReadable()
                    && full.trailingHeaders().isEmpty()) {
                out.add(new DefaultHttp2HeadersFrame(headers, true));
                return;
            }
            out.add(new DefaultHttp2HeadersFrame(headers, false));
            if (interim || !(msg instanceof HttpContent)) {
                return;
            }
        }
        if (msg instanceof LastHttpContent last) {
            HttpHeaders trailers = last.trailingHeaders();
            if (trailers.isEmpty()) {
                out.add(new DefaultHttp2DataFrame(last.content().retain(), true));
                return;
            }
            if (last.content().isReadable()) {
                out.add(new DefaultHttp2DataFrame(last.content().retain(), false));
            }
            out.add(new DefaultHttp2HeadersFrame(HttpConversionUtil.toHttp2Headers(trailers, true), true));
        } else if (msg instanceof HttpContent content) {
            out.add(new DefaultHttp2DataFrame(content.content().retain(), false));
        }
    }
}
