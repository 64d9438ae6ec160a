package dev.multiserver.balancer;

import dev.multiserver.testkit.TrustAll;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/2 client on Netty's frame codec, for what the JDK client cannot do: prior knowledge (h2c),
 * resetting a stream, opening more streams than the server allows, and seeing GOAWAY.
 *
 * <pre>{@code
 * try (Http2TestClient client = Http2TestClient.cleartext(lb.port())) {
 *     Http2TestClient.Response response = client.send("GET", "/x").response().get(5, SECONDS);
 * }
 * }</pre>
 */
final class Http2TestClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<Void> serverSettings = new CompletableFuture<>();
    private final CompletableFuture<Long> goAway = new CompletableFuture<>();
    private final String authority;
    private final Channel channel;
    private Http2FrameCodec codec;

    private Http2TestClient(int port, SslContext tls) throws InterruptedException {
        this.authority = "127.0.0.1:" + port;
        this.channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "127.0.0.1", port));
                        }
                        codec = Http2FrameCodecBuilder.forClient().encoderIgnoreMaxHeaderListSize(true).build();
                        ch.pipeline().addLast(codec, new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ConnectionEvents());
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    /** Speaks HTTP/2 from the first byte on a plain connection (h2c with prior knowledge). */
    static Http2TestClient cleartext(int port) throws Exception {
        Http2TestClient client = new Http2TestClient(port, null);
        client.serverSettings.get(5, TimeUnit.SECONDS);
        return client;
    }

    /** Speaks HTTP/2 over TLS, offering only {@code h2} by ALPN; trusts any certificate. */
    static Http2TestClient tls(int port) throws Exception {
        SslContext context = SslContextBuilder.forClient()
                .trustManager(new TrustAll())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        Http2TestClient client = new Http2TestClient(port, context);
        client.serverSettings.get(5, TimeUnit.SECONDS);
        return client;
    }

    /**
     * Opens streams beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS instead of failing them here, to
     * see what the server does with them.
     */
    Http2TestClient ignoringTheServersStreamLimit() {
        channel.eventLoop().execute(() -> codec.connection().local().maxActiveStreams(Integer.MAX_VALUE));
        return this;
    }

    /** Sends a request head that announces a body, and none of the body: the request stays open. */
    Stream open(Http2Headers headers) throws InterruptedException {
        headers.scheme(channel.pipeline().first() instanceof io.netty.handler.ssl.SslHandler ? "https" : "http")
                .authority(authority);
        Stream stream = new Stream();
        Http2StreamChannel streamChannel = new Http2StreamChannelBootstrap(channel).handler(stream).open().sync()
                .getNow();
        stream.channel = streamChannel;
        streamChannel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, false));
        return stream;
    }

    /** Sends a request without a body. */
    Stream send(String method, String path) throws InterruptedException {
        return send(new DefaultHttp2Headers().method(method).path(path), null);
    }

    /**
     * Sends a request head and, if {@code body} is not null, a body in DATA frames of 16 KiB (no
     * content-length unless the headers have one), as fast as the server's flow control lets it.
     */
    Stream send(Http2Headers headers, byte[] body) throws InterruptedException {
        return send(headers, body, true);
    }

    /**
     * Like {@link #send(Http2Headers, byte[])}; unless {@code reading}, the response is not read (nor its
     * flow-control window opened) until {@link Stream#startReading()}.
     */
    Stream send(Http2Headers headers, byte[] body, boolean reading) throws InterruptedException {
        headers.scheme(channel.pipeline().first() instanceof io.netty.handler.ssl.SslHandler ? "https" : "http")
                .authority(authority);
        Stream stream = new Stream();
        Http2StreamChannel streamChannel = new Http2StreamChannelBootstrap(channel)
                .option(ChannelOption.AUTO_READ, reading).handler(stream).open().sync().getNow();
        stream.channel = streamChannel;
        streamChannel.eventLoop().execute(() -> {
            streamChannel.write(new DefaultHttp2HeadersFrame(headers, body == null));
            if (body != null) {
                for (int offset = 0; offset < body.length || offset == 0; offset += 16 * 1024) {
                    int length = Math.min(16 * 1024, body.length - offset);
                    boolean last = offset + length >= body.length;
                    streamChannel.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body, offset, length), last));
                    if (last) {
                        break;
                    }
                }
            }
            streamChannel.flush();
        });
        return stream;
    }

    /** Completes with the last stream id of the server's GOAWAY. */
    CompletableFuture<Long> goAway() {
        return goAway;
    }

    /** Completes when the connection is closed. */
    CompletableFuture<Void> closed() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * What happened to a request: the response, or the server's reset of the stream. The body is kept up to
     * 1 MiB ({@code body} is null beyond), its length and SHA-256 always.
     */
    record Response(int status, Http2Headers headers, byte[] body, long bodyLength, String bodySha256,
            Http2Error resetBy) {
    }

    /** One request stream: its response, and a way to reset it. */
    static final class Stream extends ChannelInboundHandlerAdapter {

        private static final int KEPT_BODY = 1 << 20;

        private final CompletableFuture<Response> response = new CompletableFuture<>();
        private final CompletableFuture<Http2Error> resetByServer = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final MessageDigest sha256;
        private long bodyLength;
        private Http2Headers headers;
        private volatile Http2StreamChannel channel;

        Stream() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        CompletableFuture<Response> response() {
            return response;
        }

        /** The stream's id, once its HEADERS were sent. */
        long id() {
            return channel.stream().id();
        }

        /** Completes with the error code of the server's RST_STREAM, whether or not a response came first. */
        CompletableFuture<Http2Error> resetByServer() {
            return resetByServer;
        }

        /** Reads the response from now on. */
        void startReading() {
            channel.config().setAutoRead(true);
        }

        /** Cancels the request (RST_STREAM with CANCEL), as a browser does when the user navigates away. */
        void reset() {
            channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    if (headers == null || headers.status().charAt(0) == '1') {
                        headers = frame.headers();
                    }
                    if (frame.isEndStream()) {
                        complete();
                    }
                } else if (msg instanceof Http2DataFrame frame) {
                    ByteBuf content = frame.content();
                    byte[] bytes = new byte[content.readableBytes()];
                    content.readBytes(bytes);
                    sha256.update(bytes);
                    bodyLength += bytes.length;
                    if (bodyLength <= KEPT_BODY) {
                        body.writeBytes(bytes);
                    }
                    if (frame.isEndStream()) {
                        complete();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void complete() {
            complete(Integer.parseInt(headers.status().toString()), null);
        }

        private void complete(int status, Http2Error resetBy) {
            response.complete(new Response(status, headers, bodyLength <= KEPT_BODY ? body.toByteArray() : null,
                    bodyLength, HexFormat.of().formatHex(sha256.digest()), resetBy));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame reset) {
                resetByServer.complete(Http2Error.valueOf(reset.errorCode()));
                if (!response.isDone()) {
                    complete(0, Http2Error.valueOf(reset.errorCode()));
                }
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new IllegalStateException("stream closed before a response"));
            resetByServer.completeExceptionally(new IllegalStateException("stream closed without a reset"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            response.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** The connection's own frames: the server's SETTINGS and GOAWAY. */
    private final class ConnectionEvents extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame) {
                    serverSettings.complete(null);
                } else if (msg instanceof Http2GoAwayFrame frame) {
                    goAway.complete((long) frame.lastStreamId());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            serverSettings.completeExceptionally(new IllegalStateException("connection closed"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            serverSettings.completeExceptionally(cause);
            ctx.close();
        }
    }
}
