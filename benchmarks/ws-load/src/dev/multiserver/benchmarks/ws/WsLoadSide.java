package dev.multiserver.benchmarks.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole load side of {@code SCENARIO=websocket} in one JVM: the WebSocket echo backend
 * ({@link WsEchoServer}) and the load generator ({@link WsLoad}) share one event loop thread, and the
 * JVM lives for the whole benchmark run.
 * <ul>
 *   <li>One process and one thread instead of two processes time-slicing the load CPU: no context
 *       switch between generator and backend, and one {@code epoll_wait} serves both, so the load side
 *       can outrun the proxy under test.</li>
 *   <li>Long-lived: the JIT compiles the generator's and the echo's hot paths during the first warm-up,
 *       not again in every round.</li>
 * </ul>
 * The harness drives it over a loopback control port (plain HTTP, never through a proxy):
 * <pre>
 * GET /run?url=ws://127.0.0.1:18082/ws&amp;connections=50&amp;size=64&amp;warmup=1&amp;duration=10
 *     → WsLoad's key/value lines and "exit N"; the answer comes when the run is over
 * GET /check?url=ws://127.0.0.1:18082/ws&amp;connections=5
 *     → "ok" or "FAILED: …" (see {@link WsCheck}), and "exit N"
 * </pre>
 * One run or check at a time (another gets {@code 409}).
 *
 * <pre>java -cp netty-jars:classes dev.multiserver.benchmarks.ws.WsLoadSide HOST CONTROL_PORT BACKEND_PORT...</pre>
 */
public final class WsLoadSide {

    private WsLoadSide() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: WsLoadSide HOST CONTROL_PORT BACKEND_PORT [BACKEND_PORT...]");
            System.exit(1);
        }
        String host = args[0];
        int controlPort = Integer.parseInt(args[1]);
        List<Integer> ports = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            ports.add(Integer.parseInt(args[i]));
        }
        EventLoopGroup group = WsLoad.newGroup();
        // runs block until they are over, so they run here, never on the event loop they drive
        ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ws-load-runner");
            t.setDaemon(true);
            return t;
        });
        List<Channel> listeners = new ArrayList<>(WsEchoServer.listen(group, host, ports));
        listeners.add(new ServerBootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new ControlHandler(group, runner));
                    }
                })
                .bind(new InetSocketAddress(host, controlPort)).sync().channel());
        System.out.printf("WsLoadSide: control http://%s:%d/ (run, check)%n", host, controlPort);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listeners.forEach(l -> l.close().syncUninterruptibly());
            runner.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }));
        listeners.get(0).closeFuture().sync();
    }

    /** {@code /run} and {@code /check}: hands the work to the runner thread, answers when it is done. */
    private static final class ControlHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private static final AtomicBoolean busy = new AtomicBoolean();
        private final EventLoopGroup group;
        private final ExecutorService runner;

        ControlHandler(EventLoopGroup group, ExecutorService runner) {
            this.group = group;
            this.runner = runner;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            String path = query.path();
            if (!path.equals("/run") && !path.equals("/check")) {
                answer(ctx, HttpResponseStatus.NOT_FOUND, "use /run or /check\n");
                return;
            }
            boolean check = path.equals("/check");
            URI uri;
            int connections;
            int size;
            double warmup;
            double duration;
            try {
                uri = URI.create(param(query, "url", null));
                connections = Integer.parseInt(param(query, "connections", check ? "5" : "50"));
                size = Integer.parseInt(param(query, "size", "64"));
                warmup = Double.parseDouble(param(query, "warmup", "1"));
                duration = Double.parseDouble(param(query, "duration", "10"));
            } catch (RuntimeException e) {
                answer(ctx, HttpResponseStatus.BAD_REQUEST, "bad parameters: " + e.getMessage() + "\n");
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                answer(ctx, HttpResponseStatus.CONFLICT, "a run is already going on\n");
                return;
            }
            runner.execute(() -> {
                WsLoad.Result result;
                try {
                    result = check ? WsCheck.run(group, uri, connections)
                            : new WsLoad(group, uri, connections, size, warmup, duration).run();
                } catch (RuntimeException e) {
                    result = new WsLoad.Result("first_problem " + e + "\n", 3);
                } finally {
                    busy.set(false);
                }
                answer(ctx, HttpResponseStatus.OK, result.text() + "exit " + result.status() + "\n");
            });
        }

        private static String param(QueryStringDecoder query, String name, String fallback) {
            List<String> values = query.parameters().get(name);
            if (values == null || values.isEmpty()) {
                if (fallback == null) {
                    throw new IllegalArgumentException(name + " is required");
                }
                return fallback;
            }
            return values.get(0);
        }

        private static void answer(ChannelHandlerContext ctx, HttpResponseStatus status, String text) {
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
