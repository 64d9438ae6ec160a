package dev.multiserver.benchmarks.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket backend of the harness's {@code SCENARIO=websocket}: an echo server on one event loop
 * thread (epoll when available), listening on one or more ports of one address.
 * <ul>
 *   <li>{@code ws://HOST:PORT/ws}: every data frame (text, binary, continuation) is written back as it
 *       came, flushed once per read; pings are answered with pongs; a close frame is answered with the
 *       same close frame, then the connection is closed (Netty's server handshaker does these).</li>
 *   <li>any other request, e.g. {@code GET /}: {@code 200 "ok\n"} on a keep-alive connection, so that
 *       the harness's readiness checks (curl) work through every proxy. With several ports, each adds
 *       {@code X-Backend: <n>} (1 for the first port) like the HTTP backends do.</li>
 * </ul>
 * UTF-8 validation of text frames is off: the load generator compares every echo byte for byte.
 *
 * <pre>java -cp netty-jars:classes dev.multiserver.benchmarks.ws.WsEchoServer 127.0.0.1 18081 [18082 ...]</pre>
 */
public final class WsEchoServer {

    static final String PATH = "/ws";
    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private WsEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: WsEchoServer HOST PORT [PORT...]");
            System.exit(1);
        }
        EventLoopGroup group = WsLoad.newGroup();
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        List<Channel> listeners = listen(group, args[0], ports);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listeners.forEach(l -> l.close().syncUninterruptibly());
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }));
        listeners.get(0).closeFuture().sync();
    }

    /** Listens on each port of {@code host}, on the given event loop(s); one line per port on stdout. */
    static List<Channel> listen(EventLoopGroup group, String host, List<Integer> ports) throws InterruptedException {
        Class<? extends ServerChannel> channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        List<Channel> listeners = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            String tag = ports.size() > 1 ? Integer.toString(i + 1) : null;
            listeners.add(new ServerBootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(),
                                    new HttpObjectAggregator(64 * 1024),
                                    new WebSocketServerProtocolHandler(serverConfig()),
                                    new EchoHandler(tag));
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel());
            System.out.printf("WsEchoServer: ws://%s:%d%s (%s)%n", host, port, PATH,
                    Epoll.isAvailable() ? "epoll" : "nio");
        }
        System.out.flush();
        return listeners;
    }

    private static WebSocketServerProtocolConfig serverConfig() {
        return WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(false)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(MAX_FRAME)
                        .allowExtensions(false)
                        .withUTF8Validator(false)
                        .build())
                .build();
    }

    /** Echoes data frames; answers plain HTTP requests with {@code 200 "ok\n"}. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {

        private final String tag;

        EchoHandler(String tag) {
            this.tag = tag;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame) {
                ctx.write(msg);   // ownership passes to the outbound side; flushed in channelReadComplete
            } else if (msg instanceof FullHttpRequest request) {
                try {
                    answerOk(ctx, request);
                } finally {
                    request.release();
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private void answerOk(ChannelHandlerContext ctx, FullHttpRequest request) {
            ByteBuf body = ctx.alloc().buffer(3).writeBytes("ok\n".getBytes(StandardCharsets.US_ASCII));
            var response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, 3);
            if (tag != null) {
                response.headers().set("X-Backend", tag);
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a client that goes away mid-frame is not the server's problem; just drop the connection
            ctx.close();
        }
    }
}
