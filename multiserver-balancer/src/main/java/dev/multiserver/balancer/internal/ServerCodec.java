package dev.multiserver.balancer.internal;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.Queue;

/** The client-facing HTTP/1.1 codec: {@link StrictRequestDecoder} with its {@link ServerResponseEncoder}. */
final class ServerCodec extends CombinedChannelDuplexHandler<StrictRequestDecoder, ServerResponseEncoder> {

    ServerCodec(HttpDecoderConfig config) {
        Queue<HttpMethod> methods = new ArrayDeque<>(4);
        init(new StrictRequestDecoder(config, methods), new ServerResponseEncoder(methods));
    }
}
