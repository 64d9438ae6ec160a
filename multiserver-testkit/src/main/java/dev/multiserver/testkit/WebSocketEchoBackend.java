package dev.multiserver.testkit;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A WebSocket backend for tests, on {@code 127.0.0.1} and a free port, built on Netty's server handshaker:
 * <ul>
 *   <li>every data frame (text, binary, continuation) comes back as it was sent, up to 64 MiB a frame;</li>
 *   <li>the text {@code id} is answered with the backend's id;</li>
 *   <li>the text {@code close:CODE:REASON} makes the backend start the close handshake with that code;</li>
 *   <li>a close frame from the client is recorded ({@link #closesReceived()}) and answered with the same
 *       code, then the connection is closed;</li>
 *   <li>pings are answered with pongs;</li>
 *   <li>a handshake for {@code /refuse} is answered {@code 403} without upgrading.</li>
 * </ul>
 * {@link #dropConnections()} closes every connection without a close frame, as a crash would.
 */
public final class WebSocketEchoBackend implements AutoCloseable {

    private static final int MAX_FRAME = 64 * 1024 * 1024;

    /** A close frame a client sent. */
    public record ReceivedClose(int code, String reason) {
    }

    private final String id;
    private final EventLoopGroup eventLoop;
    private final ChannelGroup connections;
    private final Channel listener;
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicReference<HttpHeaders> lastHandshake = new AtomicReference<>();
    private final List<ReceivedClose> closes = new CopyOnWriteArrayList<>();

    private WebSocketEchoBackend(String id) {
        this.id = id;
        eventLoop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ws-backend-" + id, true),
                NioIoHandler.newFactory());
        connections = new DefaultChannelGroup("ws-backend-" + id, GlobalEventExecutor.INSTANCE);
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME).build())
                .build();
        ChannelFuture bound = new ServerBootstrap()
                .group(eventLoop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new HandshakeGate())
                                .addLast(new WebSocketServerProtocolHandler(config))
                                .addLast(new Echo());
                    }
                })
                .bind(FreePorts.LOOPBACK, 0)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("WebSocket test backend " + id + ": cannot listen", bound.cause());
        }
        listener = bound.channel();
    }

    /** Starts a backend named {@code id}. */
    public static WebSocketEchoBackend start(String id) {
        return new WebSocketEchoBackend(requireNonNull(id, "id"));
    }

    public String id() {
        return id;
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:port}: the form a balancer takes as a backend. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Connections open to this backend now (WebSocket or still HTTP). */
    public int openConnections() {
        return connections.size();
    }

    /** Handshakes completed since start. */
    public int handshakes() {
        return handshakes.get();
    }

    /** The headers of the last handshake request received, or null before any. */
    public HttpHeaders lastHandshakeHeaders() {
        return lastHandshake.get();
    }

    /** The close frames clients sent, in arrival order. */
    public List<ReceivedClose> closesReceived() {
        return List.copyOf(closes);
    }

    /** Closes every open connection at once, without a close frame. */
    public void dropConnections() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "WebSocketEchoBackend " + id + " on port " + port();
    }

    /** Records handshakes and turns away those for {@code /refuse}. */
    private final class HandshakeGate extends SimpleChannelInboundHandler<FullHttpRequest> {

        HandshakeGate() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            lastHandshake.set(request.headers().copy());
            if (request.uri().startsWith("/refuse")) {
                request.release();
                ByteBuf body = Unpooled.copiedBuffer("refused by " + id + "\n", StandardCharsets.UTF_8);
                DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.FORBIDDEN, body);
                response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                ctx.writeAndFlush(response);
                return;
            }
            ctx.fireChannelRead(request);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                handshakes.incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** Echoes data frames and plays its part in close handshakes. */
    private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {

        private boolean closeSent;

        Echo() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                closes.add(new ReceivedClose(close.statusCode(), close.reasonText()));
                if (closeSent) {
                    close.release();
                    ctx.close();
                } else {
                    closeSent = true;
                    ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
                }
                return;
            }
            if (frame instanceof TextWebSocketFrame text && frame.isFinalFragment()) {
                String message = text.text();
                if (message.equals("id")) {
                    frame.release();
                    ctx.writeAndFlush(new TextWebSocketFrame(id));
                    return;
                }
                if (message.startsWith("close:")) {
                    frame.release();
                    String[] parts = message.split(":", 3);
                    closeSent = true;
                    ctx.writeAndFlush(new CloseWebSocketFrame(Integer.parseInt(parts[1]), parts[2]));
                    return;
                }
            }
            ctx.writeAndFlush(frame);
        }
    }
}
