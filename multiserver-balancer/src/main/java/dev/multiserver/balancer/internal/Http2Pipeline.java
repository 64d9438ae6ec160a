package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.internal.compression.CompressionPolicy;
import dev.multiserver.balancer.internal.compression.ResponseCompressor;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Turns a client connection into an HTTP/2 one, once it is known to speak it: after a TLS handshake that
 * chose {@code h2} by ALPN ({@link Http2AlpnNegotiator}), or on a plain connection that opens with the
 * HTTP/2 preface when h2c is on ({@link Http2PrefaceDetector}). Every connection starts with the HTTP/1.1
 * handlers; this replaces them with Netty's frame codec and a child channel per stream, whose pipeline
 * turns frames into the same {@code HttpObject}s and ends in the same {@link FrontendHandler}: one
 * exchange per stream, with admission, algorithms, retries and metrics unchanged.
 */
final class Http2Pipeline {

    private final ProxyContext proxy;
    private final CompressionPolicy compression;
    private final Http2Settings settings;
    private final ChannelHandler streamCodec = new Http2StreamCodec();

    /** @param compression how responses are compressed, or null when they are not */
    Http2Pipeline(ProxyContext proxy, CompressionPolicy compression) {
        this.proxy = proxy;
        this.compression = compression;
        ProxyConfig config = proxy.config();
        // A header list counts 32 bytes per field besides names and values (RFC 9113 §6.5.2): near enough
        // to the HTTP/1.1 header section the same setting limits.
        this.settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(config.maxConcurrentStreams())
                .maxHeaderListSize(config.maxHeaderSize());
    }

    /** The handler that decides between HTTP/2 and HTTP/1.1 at the start of a connection. */
    ChannelHandler newNegotiator(boolean tls) {
        return tls ? new Http2AlpnNegotiator(this) : new Http2PrefaceDetector(this);
    }

    /**
     * Replaces the HTTP/1.1 handlers of {@code pipeline}, which have seen no request yet, with HTTP/2's.
     * The connection is then read whenever bytes come: HTTP/2 flow control, stream by stream, bounds
     * what a client may send ahead, and each stream is read only as its exchange takes the request body.
     */
    void install(ChannelPipeline pipeline) {
        pipeline.remove(RequestTimeouts.class);
        pipeline.remove(ServerCodec.class);
        pipeline.remove(FlowControlHandler.class);
        if (pipeline.get(ResponseCompressor.NAME) != null) {
            pipeline.remove(ResponseCompressor.NAME);
        }
        pipeline.remove(FrontendHandler.class);
        Http2ConnectionWatch watch = new Http2ConnectionWatch(proxy);
        pipeline.addLast("h2", Http2FrameCodecBuilder.forServer()
                        .initialSettings(new Http2Settings().copyFrom(settings))
                        // PROTOCOL_ERROR before the request reaches a stream: no :method or :path is malformed
                        .validateRequiredPseudoHeaders(true)
                        .gracefulShutdownTimeoutMillis(proxy.config().shutdownGracePeriod().toMillis())
                        .build())
                .addLast("h2-streams", new Http2MultiplexHandler(
                        new Http2StreamInitializer(proxy, streamCodec, compression, watch)))
                .addLast("h2-connection", watch);
        pipeline.channel().config().setAutoRead(true);
    }
}
