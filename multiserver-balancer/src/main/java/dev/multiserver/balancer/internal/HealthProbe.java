package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.Backend;
import dev.multiserver.balancer.internal.tls.BackendSslContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One check of one backend on a new connection: a {@code GET} of a path that must answer 2xx or 3xx, or,
 * without a path, a TCP connect. With an {@code https://} backend the TLS handshake must succeed first,
 * as for a request. The future completes on the bootstrap's event loop with null when the check passed,
 * else with why it failed; it never completes exceptionally.
 */
final class HealthProbe {

    private HealthProbe() {
    }

    static CompletableFuture<String> check(Bootstrap bootstrap, BackendSslContext tls, Backend backend, String path,
            Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Probe probe = new Probe(result);
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (backend.secure()) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), backend));
                }
                ch.pipeline().addLast(new HttpClientCodec()).addLast(probe);
            }
        }).connect(backend.address());
        Channel channel = connect.channel();
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            probe.finish("no answer within " + timeout.toMillis() + " ms");
            channel.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                probe.finish("cannot connect: " + f.cause().getMessage());
            } else if (backend.secure()) {
                BackendSslContext.handshaken(channel, backend).addListener(handshake -> {
                    if (handshake.isSuccess()) {
                        connected(channel, probe, backend, path);
                    } else {
                        probe.finish(handshake.cause().getMessage());
                    }
                });
            } else {
                connected(channel, probe, backend, path);
            }
        });
        return result;
    }

    /** The connection is up (TLS included): that is the whole check without a path, else send the GET. */
    private static void connected(Channel channel, Probe probe, Backend backend, String path) {
        if (path == null) {
            probe.finish(null);
            channel.close();
            return;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers()
                .set(HttpHeaderNames.HOST, backend.authority())
                .set(HttpHeaderNames.USER_AGENT, "multiserver-health-check")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        channel.writeAndFlush(request);
    }

    /** Reads one response on a check's connection and reports it once. */
    private static final class Probe extends SimpleChannelInboundHandler<HttpObject> {
        private final CompletableFuture<String> result;
        private String failure = "the connection closed without an answer";

        Probe(CompletableFuture<String> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse response) {
                int code = response.status().code();
                failure = code >= 200 && code < 400 ? null : "answered " + response.status();
            }
            if (msg instanceof LastHttpContent) {
                finish(failure);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(failure == null ? "the connection closed in the middle of the answer" : failure);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(cause.getMessage() == null ? cause.toString() : cause.getMessage());
            ctx.close();
        }

        void finish(String outcome) {
            result.complete(outcome);
        }
    }
}
