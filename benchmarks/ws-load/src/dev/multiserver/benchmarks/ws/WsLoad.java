package dev.multiserver.benchmarks.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The load generator of the harness's {@code SCENARIO=websocket}: N WebSocket connections, each sending
 * one text message of a fixed size and waiting for its echo before sending the next (a closed loop),
 * all on one event loop thread (epoll when available).
 *
 * <p>After the handshakes, it runs {@code --warmup} seconds unmeasured (the JIT compiles this JVM's own
 * hot path), then {@code --duration} seconds measured: messages/s counts the echoes of messages sent and
 * answered inside that window, and each of them gives one round-trip time (from just before the send to
 * the echo's arrival). Every echo must be a single final text frame with exactly the bytes sent; the
 * messages differ from each other (connection number, sequence number and a pattern shifted by it), so a
 * stale, misrouted or corrupted echo counts as a mismatch.
 *
 * <p>Output, on stdout, one {@code key value} per line: {@code messages_per_s}, {@code p50_ms},
 * {@code p99_ms}, {@code max_ms}, {@code messages}, {@code errors}, {@code mismatches},
 * {@code unanswered}, {@code first_problem}, … Exit status 0 when every connection completed its
 * handshake and every echo matched, 3 when some did not, 2 when no connection could start, 1 on a usage
 * error.
 *
 * <pre>java -cp netty-jars:classes dev.multiserver.benchmarks.ws.WsLoad --url ws://127.0.0.1:18082/ws \
 *     --connections 50 --size 64 --warmup 3 --duration 10</pre>
 *
 * {@code --check} runs {@link WsCheck} instead: a correctness check, not a load.
 */
public final class WsLoad {

    private static final int MAX_FRAME = 64 * 1024 * 1024;

    /** What a run printed ({@code key value} lines) and its exit status. */
    record Result(String text, int status) {
    }

    private final EventLoopGroup group;
    private final URI uri;
    private final int connections;
    private final int size;
    private final long warmupNanos;
    private final long durationNanos;

    // Everything below, and the connections' state, is touched only on the one event loop thread; the
    // thread that drives a run reads and writes it through tasks submitted to that loop.
    private long measureStart;
    private long measureEnd;
    private boolean running;
    private long[] samples = new long[1 << 20];
    private int sampleCount;
    private long errors;
    private long mismatches;
    private String firstProblem;
    private int finished;

    private final StringBuilder out = new StringBuilder();

    WsLoad(EventLoopGroup group, URI uri, int connections, int size, double warmupSeconds, double durationSeconds) {
        this.group = group;
        this.uri = uri;
        this.connections = connections;
        this.size = size;
        this.warmupNanos = (long) (warmupSeconds * 1e9);
        this.durationNanos = (long) (durationSeconds * 1e9);
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        int connections = 50;
        int size = 64;
        double warmup = 3;
        double duration = 10;
        boolean check = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = args[++i];
                    case "--connections" -> connections = Integer.parseInt(args[++i]);
                    case "--size" -> size = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                    case "--duration" -> duration = Double.parseDouble(args[++i]);
                    case "--check" -> check = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (url == null || !url.startsWith("ws://")) {
                throw new IllegalArgumentException("--url ws://HOST:PORT/PATH is required");
            }
            if (connections < 1 || size < 32 || warmup < 0 || duration <= 0) {
                throw new IllegalArgumentException(
                        "expected: --connections >= 1, --size >= 32, --warmup >= 0, --duration > 0");
            }
        } catch (RuntimeException e) {
            System.err.println("WsLoad: " + e.getMessage());
            System.err.println("usage: WsLoad --url ws://HOST:PORT/PATH [--connections 50] [--size 64]"
                    + " [--warmup 3] [--duration 10] | --url ws://... --check");
            System.exit(1);
        }
        URI uri = URI.create(url);
        EventLoopGroup group = newGroup();
        Result result;
        try {
            result = check ? WsCheck.run(group, uri, Math.max(1, Math.min(connections, 5)))
                    : new WsLoad(group, uri, connections, size, warmup, duration).run();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(3, TimeUnit.SECONDS);
        }
        System.out.print(result.text());
        System.out.flush();
        System.exit(result.status());
    }

    static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
    }

    static Bootstrap bootstrap(EventLoopGroup group, URI uri, ChannelInboundHandlerAdapter handler,
                               boolean dropPongs) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false)      // the handlers want to see the close frame that comes back
                .dropPongFrames(dropPongs)
                .withUTF8Validator(false)      // echoes are compared byte for byte instead
                .handshakeTimeoutMillis(10_000)
                .build();
        return new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), handler);
                    }
                });
    }

    static InetSocketAddress address(URI uri) {
        return new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
    }

    /** Runs the load on {@code group} (one event loop), from a thread that is not one of its own. */
    Result run() {
        try {
            CountDownLatch handshakes = new CountDownLatch(connections);
            List<Connection> all = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Connection c = new Connection(i, handshakes);
                all.add(c);
                bootstrap(group, uri, c, true).connect(address(uri)).addListener(f -> {
                    if (!f.isSuccess()) {
                        c.fail("connect: " + f.cause());
                    }
                });
            }
            boolean allAnswered = handshakes.await(15, TimeUnit.SECONDS);
            long missing = handshakes.getCount();
            boolean anyOpen = group.submit(() -> {
                if (!allAnswered) {
                    problem("handshakes: " + missing + " of " + connections + " connections had no answer within 15 s");
                }
                return all.stream().anyMatch(c -> c.open);
            }).get();
            if (!anyOpen) {
                group.submit(() -> printResults(0, all)).sync();
                return new Result(out.toString(), 2);
            }
            long start = System.nanoTime();
            group.submit(() -> {
                measureStart = start + warmupNanos;
                measureEnd = measureStart + durationNanos;
                running = true;
                for (Connection c : all) {
                    if (c.open) {
                        c.send();
                    } else {
                        finished++;
                    }
                }
            }).sync();
            long waitMillis = (warmupNanos + durationNanos) / 1_000_000 + 5_000;
            // every connection stops after the echo of its last message sent before the end
            long deadline = System.currentTimeMillis() + waitMillis;
            while (System.currentTimeMillis() < deadline
                    && group.submit(() -> finished < connections).get()) {
                Thread.sleep(50);
            }
            int unanswered = group.submit(() -> {
                running = false;
                int n = 0;
                for (Connection c : all) {
                    if (c.open && c.inFlight) {
                        n++;
                    }
                }
                if (n > 0) {
                    problem(n + " connection(s) still waiting for an echo 5 s after the end");
                }
                return n;
            }).get();
            // close handshake: each connection sends 1000 and waits for the close to come back
            CountDownLatch closed = new CountDownLatch(all.size());
            group.submit(() -> all.forEach(c -> c.close(closed))).sync();
            closed.await(5, TimeUnit.SECONDS);
            return group.submit(() -> {
                printResults(unanswered, all);
                line("close_not_echoed " + all.stream().filter(c -> c.closing && !c.closeEchoed).count());
                all.forEach(Connection::abandon);   // the load side lives on: leave no connection behind
                return new Result(out.toString(), errors + mismatches + unanswered == 0 ? 0 : 3);
            }).get();
        } catch (Exception e) {
            line("first_problem the load generator failed: " + e);
            return new Result(out.toString(), 3);
        }
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void problem(String what) {
        if (firstProblem == null) {
            firstProblem = what;
        }
    }

    private void record(long nanos) {
        if (sampleCount == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[sampleCount++] = nanos;
    }

    private void printResults(int unanswered, List<Connection> all) {
        long[] sorted = Arrays.copyOf(samples, sampleCount);
        Arrays.sort(sorted);
        double seconds = durationNanos / 1e9;
        line("url " + uri);
        line("connections " + connections);
        line("handshakes_completed " + all.stream().filter(c -> c.handshaken).count());
        line("size " + size);
        line(String.format(Locale.ROOT, "warmup_s %.3f", warmupNanos / 1e9));
        line(String.format(Locale.ROOT, "duration_s %.3f", seconds));
        line("messages " + sampleCount);
        line(String.format(Locale.ROOT, "messages_per_s %.1f", sampleCount / seconds));
        line(String.format(Locale.ROOT, "p50_ms %.3f", percentile(sorted, 0.50)));
        line(String.format(Locale.ROOT, "p90_ms %.3f", percentile(sorted, 0.90)));
        line(String.format(Locale.ROOT, "p99_ms %.3f", percentile(sorted, 0.99)));
        line(String.format(Locale.ROOT, "max_ms %.3f", sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6));
        line("errors " + errors);
        line("mismatches " + mismatches);
        line("unanswered " + unanswered);
        line("first_problem " + (firstProblem == null ? "-" : firstProblem.replace('\n', ' ')));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
    }

    /** One WebSocket connection in the closed loop: send, wait for the echo, check it, send again. */
    private final class Connection extends ChannelInboundHandlerAdapter {

        private final int id;
        private final CountDownLatch handshakes;
        private final byte[] payload = new byte[size];
        private ChannelHandlerContext ctx;
        private long seq;
        private long sentAt;
        private boolean inFlight;
        private boolean open;        // handshake done and not closed since
        private boolean handshaken;
        private boolean counted;     // has counted down `handshakes` (success or failure)
        private boolean done;
        private boolean closing;
        private boolean closeEchoed;
        private CountDownLatch closed;

        Connection(int id, CountDownLatch handshakes) {
            this.id = id;
            this.handshakes = handshakes;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                open = true;
                handshaken = true;
                countHandshake();
            } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                fail("handshake: no answer within 10 s");
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void countHandshake() {
            if (!counted) {
                counted = true;
                handshakes.countDown();
            }
        }

        /**
         * Fills the payload with this message's bytes: "c00012 m000000004711 " (connection and sequence
         * numbers), then letters in a pattern shifted by both. Written by hand: String.format per message
         * would cost the load generator more than the proxy spends on it.
         */
        private void fill() {
            payload[0] = 'c';
            digits(id, 1, 5);
            payload[6] = ' ';
            payload[7] = 'm';
            digits(seq, 8, 12);
            payload[20] = ' ';
            int shift = (int) ((seq + id) % 26);
            for (int i = 21; i < size; i++) {
                payload[i] = (byte) ('a' + (shift + i) % 26);
            }
        }

        private void digits(long value, int from, int count) {
            for (int i = from + count - 1; i >= from; i--) {
                payload[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
        }

        void send() {
            seq++;
            fill();
            ByteBuf buf = ctx.alloc().buffer(size).writeBytes(payload);
            inFlight = true;
            sentAt = System.nanoTime();
            ctx.writeAndFlush(new TextWebSocketFrame(buf));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            try {
                if (msg instanceof CloseWebSocketFrame close) {
                    if (closing) {
                        closeEchoed = true;
                    } else {
                        fail("close frame " + close.statusCode() + " \"" + close.reasonText()
                                + "\" during the load");
                    }
                    ctx.close();
                } else if (msg instanceof WebSocketFrame frame) {
                    onEcho(frame, now);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onEcho(WebSocketFrame frame, long now) {
            if (!inFlight) {
                mismatches++;
                problem("connection " + id + ": an unexpected " + frame.getClass().getSimpleName()
                        + " (nothing was waiting for an echo)");
                return;
            }
            inFlight = false;
            if (!matches(frame)) {
                mismatches++;
                problem("connection " + id + ", message " + seq + ": sent "
                        + new String(payload, 0, Math.min(size, 40), java.nio.charset.StandardCharsets.ISO_8859_1) + "…, got a "
                        + frame.getClass().getSimpleName() + (frame.isFinalFragment() ? "" : " (not final)")
                        + " of " + frame.content().readableBytes() + " bytes: "
                        + frame.content().toString(frame.content().readerIndex(),
                                Math.min(40, frame.content().readableBytes()),
                                java.nio.charset.StandardCharsets.ISO_8859_1) + "…");
            } else if (sentAt >= measureStart && now < measureEnd) {
                record(now - sentAt);
            }
            if (running && now < measureEnd && open) {
                send();
            } else {
                finish();
            }
        }

        private boolean matches(WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame) || !frame.isFinalFragment()) {
                return false;
            }
            ByteBuf content = frame.content();
            if (content.readableBytes() != size) {
                return false;
            }
            int base = content.readerIndex();
            for (int i = 0; i < size; i++) {
                if (content.getByte(base + i) != payload[i]) {
                    return false;
                }
            }
            return true;
        }

        private void finish() {
            if (!done) {
                done = true;
                finished++;
            }
        }

        void fail(String why) {
            open = false;
            errors++;
            problem("connection " + id + ": " + why);
            countHandshake();
            finish();
            if (ctx != null) {
                ctx.close();
            }
        }

        void abandon() {
            done = true;
            if (ctx != null && ctx.channel().isOpen()) {
                closing = true;
                ctx.close();
            }
        }

        void close(CountDownLatch closed) {
            this.closed = closed;
            if (!open) {
                closed.countDown();
                return;
            }
            closing = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "done"));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            boolean wasOpen = open;
            open = false;
            if (closed != null) {
                closed.countDown();
            }
            if (wasOpen && !closing) {
                errors++;
                problem("connection " + id + ": closed by the other side during the load"
                        + (inFlight ? " while waiting for an echo" : ""));
                inFlight = false;
                finish();
            } else if (!counted) {
                fail("closed before the handshake completed");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closing) {
                fail(cause.toString());
            } else {
                ctx.close();
            }
        }
    }
}
