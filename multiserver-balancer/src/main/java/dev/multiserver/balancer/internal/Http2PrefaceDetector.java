package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * On a plain connection with h2c on, looks at the first bytes: the HTTP/2 connection preface
 * ({@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}) makes it an HTTP/2 connection (prior knowledge, RFC 9113
 * §3.3); anything else is HTTP/1.1, which no request line can be mistaken for past its first byte. Then it
 * steps aside, handing on what it read.
 */
final class Http2PrefaceDetector extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Http2Pipeline http2;

    Http2PrefaceDetector(Http2Pipeline http2) {
        this.http2 = http2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (seen == PREFACE.length) {
            http2.install(ctx.pipeline());
            ctx.pipeline().remove(this);
        }
    }
}
