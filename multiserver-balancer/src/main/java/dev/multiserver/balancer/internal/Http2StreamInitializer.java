package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.internal.compression.CompressionPolicy;
import dev.multiserver.balancer.internal.compression.ResponseCompressor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of one HTTP/2 stream's channel: frames to {@code HttpObject}s and back, the stream's
 * HTTP/2 particulars ({@link Http2StreamAdapter}), then what an HTTP/1.1 connection has. The channel is
 * read on demand, one frame per read, so the stream's flow-control window opens only as the exchange
 * takes the request body.
 */
final class Http2StreamInitializer extends ChannelInitializer<Channel> {

    private final ProxyContext proxy;
    private final ChannelHandler codec;
    private final CompressionPolicy compression;
    private final Http2ConnectionWatch connection;

    /**
     * @param codec the balancer's {@link Http2StreamCodec} (it keeps no state)
     * @param compression how responses are compressed, or null when they are not
     */
    Http2StreamInitializer(ProxyContext proxy, ChannelHandler codec, CompressionPolicy compression,
            Http2ConnectionWatch connection) {
        this.proxy = proxy;
        this.codec = codec;
        this.compression = compression;
        this.connection = connection;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.config().setAutoRead(false);
        connection.streamOpened();
        ch.closeFuture().addListener(f -> connection.streamClosed());
        ch.pipeline()
                .addLast("codec", codec)
                .addLast("h2-stream", new Http2StreamAdapter())
                .addLast("flow", new FlowControlHandler());
        if (compression != null) {
            ch.pipeline().addLast(ResponseCompressor.NAME, new ResponseCompressor(compression));
        }
        ch.pipeline().addLast("frontend", new FrontendHandler(proxy, RequestTimer.NONE));
    }
}
