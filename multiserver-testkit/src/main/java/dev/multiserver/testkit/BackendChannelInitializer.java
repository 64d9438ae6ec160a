package dev.multiserver.testkit;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/** Sets up each accepted test-backend connection: HTTP/1.1 codec, one message per read, the request handler. */
final class BackendChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final BackendState state;
    private final ChannelGroup connections;

    BackendChannelInitializer(BackendState state, ChannelGroup connections) {
        this.state = state;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        state.connectionAccepted();
        connections.add(channel);
        channel.pipeline().addLast(
                new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(16 * 1024)
                        .setMaxHeaderSize(64 * 1024)
                        .setMaxChunkSize(64 * 1024)),
                new FlowControlHandler(),
                new BackendChannelHandler(state));
    }
}
