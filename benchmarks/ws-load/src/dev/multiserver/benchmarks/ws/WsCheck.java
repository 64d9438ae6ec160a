package dev.multiserver.benchmarks.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's WebSocket correctness check ({@code WsLoad --check}), run through each contender before
 * and after the load: on N fresh connections in turn, a handshake, then a 64-byte text message, a
 * multi-byte UTF-8 text, a 256 KiB binary message, a text message in two fragments and a ping must
 * come back exactly as sent (the pong with the ping's payload), and a close frame with 1000 must come
 * back with 1000, after which the connection closes. Prints {@code ok} (exit 0) or the first difference
 * (exit 1).
 */
final class WsCheck {

    private static final long WAIT_SECONDS = 5;

    /** What the connection saw: a frame's type, finality and bytes, the handshake, or its end. */
    private record Event(String type, boolean fin, byte[] bytes, int closeCode) {

        static Event of(WebSocketFrame frame) {
            int code = frame instanceof CloseWebSocketFrame close ? close.statusCode() : -1;
            return new Event(frame.getClass().getSimpleName(), frame.isFinalFragment(),
                    ByteBufUtil.getBytes(frame.content()), code);
        }

        boolean is(Class<? extends WebSocketFrame> frameType) {
            return type.equals(frameType.getSimpleName());
        }

        @Override
        public String toString() {
            if (bytes == null) {
                return type;
            }
            return type + (fin ? "" : " (not final)") + " of " + bytes.length + " bytes"
                    + (closeCode >= 0 ? ", code " + closeCode : "");
        }
    }

    private WsCheck() {
    }

    /** Runs the check on {@code group}, from a thread that is not one of its own. */
    static WsLoad.Result run(EventLoopGroup group, URI uri, int connections) {
        try {
            for (int i = 1; i <= connections; i++) {
                String problem = checkOne(group, uri, i);
                if (problem != null) {
                    return new WsLoad.Result("FAILED: connection " + i + " of " + connections + ": " + problem + "\n", 1);
                }
            }
            return new WsLoad.Result("ok\n", 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WsLoad.Result("FAILED: interrupted\n", 1);
        }
    }

    private static String checkOne(EventLoopGroup group, URI uri, int n) throws InterruptedException {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        ChannelInboundHandlerAdapter recorder = new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    events.add(new Event("handshake", true, null, -1));
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof WebSocketFrame frame) {
                        events.add(Event.of(frame));
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                events.add(new Event("connection closed", true, null, -1));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                events.add(new Event("error: " + cause, true, null, -1));
                ctx.close();
            }
        };
        var connect = WsLoad.bootstrap(group, uri, recorder, false).connect(WsLoad.address(uri));
        if (!connect.await(WAIT_SECONDS, TimeUnit.SECONDS) || !connect.isSuccess()) {
            return "cannot connect to " + uri + ": " + connect.cause();
        }
        Channel ch = connect.channel();
        try {
            Event first = events.poll(WAIT_SECONDS + 6, TimeUnit.SECONDS);
            if (first == null || !first.type.equals("handshake")) {
                return "handshake with " + uri + " did not complete: " + (first == null ? "no answer" : first);
            }
            byte[] small = ("check " + n + " 64 bytes of text, the size the load sends ......................")
                    .substring(0, 64).getBytes(StandardCharsets.US_ASCII);
            byte[] utf8 = ("héllo wörld ✓ ☃ " + n).getBytes(StandardCharsets.UTF_8);
            byte[] large = new byte[256 * 1024];
            new Random(n).nextBytes(large);
            byte[] part1 = ("fragment one of " + n + "/").getBytes(StandardCharsets.US_ASCII);
            byte[] part2 = "fragment two".getBytes(StandardCharsets.US_ASCII);
            byte[] ping = ("ping " + n).getBytes(StandardCharsets.US_ASCII);

            String p;
            if ((p = roundTrip(ch, events, new TextWebSocketFrame(buf(small)), small)) != null
                    || (p = roundTrip(ch, events, new TextWebSocketFrame(buf(utf8)), utf8)) != null
                    || (p = roundTrip(ch, events, new BinaryWebSocketFrame(buf(large)), large)) != null) {
                return p;
            }
            ch.write(new TextWebSocketFrame(false, 0, buf(part1)));
            ch.writeAndFlush(new ContinuationWebSocketFrame(true, 0, buf(part2)));
            if ((p = expect(events, TextWebSocketFrame.class, false, part1, "the first fragment")) != null
                    || (p = expect(events, ContinuationWebSocketFrame.class, true, part2, "the last fragment")) != null
                    || (p = roundTrip(ch, events, new PingWebSocketFrame(buf(ping)), ping)) != null) {
                return p;
            }
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "check done"));
            Event close = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (close == null || !close.is(CloseWebSocketFrame.class) || close.closeCode != 1000) {
                return "sent close 1000, expected it back, got " + (close == null ? "nothing within 5 s" : close);
            }
            Event end = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (end == null || !end.type.equals("connection closed")) {
                return "the connection stayed open after the close handshake"
                        + (end == null ? "" : " and sent " + end);
            }
            return null;
        } finally {
            ch.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static ByteBuf buf(byte[] bytes) {
        return Unpooled.copiedBuffer(bytes);
    }

    /** Sends a frame and expects the same back (a pong for a ping), as one final frame. */
    private static String roundTrip(Channel ch, BlockingQueue<Event> events, WebSocketFrame frame,
                                    byte[] expected) throws InterruptedException {
        Class<? extends WebSocketFrame> type = frame instanceof PingWebSocketFrame
                ? PongWebSocketFrame.class : frame.getClass();
        String what = "the " + (frame instanceof PingWebSocketFrame ? "pong" : "echo") + " of a "
                + frame.getClass().getSimpleName() + " of " + expected.length + " bytes";
        ch.writeAndFlush(frame);
        return expect(events, type, true, expected, what);
    }

    private static String expect(BlockingQueue<Event> events, Class<? extends WebSocketFrame> type, boolean fin,
                                 byte[] bytes, String what) throws InterruptedException {
        Event e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (e == null) {
            return "no " + what + " within " + WAIT_SECONDS + " s";
        }
        if (!e.is(type) || e.fin != fin || !Arrays.equals(e.bytes, bytes)) {
            return "expected " + what + " (" + type.getSimpleName() + (fin ? "" : ", not final") + ", " + bytes.length
                    + " bytes), got " + e + (e.bytes != null && e.bytes.length == bytes.length ? " that differ" : "");
        }
        return null;
    }
}
