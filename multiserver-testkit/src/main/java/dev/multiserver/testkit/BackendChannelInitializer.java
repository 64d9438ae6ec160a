package dev.multiserver.testkit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;

/**
 * Sets up each accepted test-backend connection: TLS when the backend has a context (noting the SNI name
 * the client sent), HTTP/1.1 codec, one message per read, the request handler.
 */
final class BackendChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final BackendState state;
    private final ChannelGroup connections;
    private final SslContext tls;

    BackendChannelInitializer(BackendState state, ChannelGroup connections, SslContext tls) {
        this.state = state;
        this.connections = connections;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        state.connectionAccepted();
        connections.add(channel);
        if (tls != null) {
            Mapping<String, SslContext> byServerName = serverName -> {
                state.tlsHandshakeStarted(serverName == null ? "" : serverName);
                return tls;
            };
            channel.pipeline().addLast(new SniHandler(byServerName));
        }
        channel.pipeline().addLast(
                new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(16 * 1024)
                        .setMaxHeaderSize(64 * 1024)
                        .setMaxChunkSize(64 * 1024)),
                new FlowControlHandler(),
                new BackendChannelHandler(state));
    }
}
