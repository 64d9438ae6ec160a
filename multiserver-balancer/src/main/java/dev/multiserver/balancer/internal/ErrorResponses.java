package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The balancer's own short plain-text answers: status, reason and the cause, never a stack trace. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    /**
     * A complete response with a body like {@code 502 Bad Gateway: the backend refused the connection}.
     *
     * @param keepAlive whether the connection stays open after it
     */
    static FullHttpResponse of(ByteBufAllocator alloc, HttpResponseStatus status, String cause, boolean keepAlive) {
        String text = status.code() + " " + status.reasonPhrase() + ": " + cause + "\n";
        ByteBuf body = alloc.buffer(text.length());
        body.writeCharSequence(text, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
