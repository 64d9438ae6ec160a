package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.route.LocalResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.ByteBuffer;

/** Turns the responses users make ({@link LocalResponse}) into what the client connection writes. */
final class LocalResponses {

    private LocalResponses() {
    }

    /**
     * The response with its framing: {@code Content-Length}, and {@code Connection} when the connection closes
     * after it (or stays open for an HTTP/1.0 client). The body is wrapped, not copied.
     */
    static FullHttpResponse toHttp(LocalResponse local, HttpVersion clientVersion, boolean keepAlive) {
        ByteBuffer body = local.bodyBuffer();
        int length = body.remaining();
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(local.status()), length == 0 ? Unpooled.EMPTY_BUFFER
                        : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = http.headers();
        local.forEachHeader(headers::add);
        if (local.status() != 204 && local.status() != 304) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
        }
        if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.minorVersion() == 0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return http;
    }
}
