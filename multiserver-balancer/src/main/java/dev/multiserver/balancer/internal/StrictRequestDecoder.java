package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Queue;

/**
 * Netty's request decoder (strict line parsing, RFC 9112 framing) plus what it still tolerates and a
 * proxy must not: obsolete line folding in the header section is marked as a decoding failure, so the
 * request is answered 400 instead of being forwarded with a value the backend may read differently.
 * Also records each request's method for {@link ServerResponseEncoder}, which needs it for HEAD.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private final Queue<HttpMethod> methods;
    private boolean inHead = true;
    private boolean lastByteWasLineFeed;
    private boolean folded;

    StrictRequestDecoder(HttpDecoderConfig config, Queue<HttpMethod> methods) {
        super(config);
        this.methods = methods;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) throws Exception {
        int start = in.readerIndex();
        int produced = out.size();
        super.decode(ctx, in, out);
        if (inHead) {
            scanForFolding(in, start, in.readerIndex());
        }
        for (int i = produced; i < out.size(); i++) {
            Object msg = out.get(i);
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
                if (folded && request.decoderResult().isSuccess()) {
                    request.setDecoderResult(DecoderResult.failure(
                            new IllegalArgumentException("obsolete line folding (obs-fold) in the header section")));
                }
                inHead = false;
                folded = false;
            }
            if (msg instanceof LastHttpContent) {
                inHead = true;
                lastByteWasLineFeed = false;
            }
        }
    }

    /** A header line that starts with a space or tab continues the previous one: obs-fold. */
    private void scanForFolding(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.getByte(i);
            if (lastByteWasLineFeed && (b == ' ' || b == '\t')) {
                folded = true;
            }
            lastByteWasLineFeed = b == '\n';
        }
    }
}
