package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.Test;

/** Frame boundaries and close frames found in byte streams that Netty's own encoder wrote. */
class WebSocketFrameTrackerTest {

    @Test
    void findsTheEndOfFramesOfEveryLengthEncodingMaskedOrNot() {
        for (boolean masked : new boolean[] {false, true}) {
            for (int length : new int[] {0, 1, 125, 126, 65535, 65536, 200_000}) {
                WebSocketFrameTracker tracker = new WebSocketFrameTracker();
                ByteBuf wire = encode(masked, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[length])));

                feedInPieces(tracker, wire, 7, length > 0);

                assertThat(tracker.atFrameBoundary()).as("masked %s, length %s", masked, length).isTrue();
                assertThat(tracker.sawClose()).isFalse();
                wire.release();
            }
        }
    }

    @Test
    void isInsideAFrameUntilItsLastByte() {
        WebSocketFrameTracker tracker = new WebSocketFrameTracker();
        ByteBuf wire = encode(true, new TextWebSocketFrame("hello"));

        tracker.track(wire.slice(0, wire.readableBytes() - 1));
        assertThat(tracker.atFrameBoundary()).isFalse();
        tracker.track(wire.slice(wire.readableBytes() - 1, 1));
        assertThat(tracker.atFrameBoundary()).isTrue();
        wire.release();
    }

    @Test
    void seesACloseFrameOnlyOnceItIsWhole() {
        WebSocketFrameTracker tracker = new WebSocketFrameTracker();
        ByteBuf wire = encode(false, new TextWebSocketFrame("before"));
        ByteBuf close = encode(false, new CloseWebSocketFrame(4000, "bye"));

        tracker.track(wire);
        tracker.track(close.slice(0, 4));
        assertThat(tracker.sawClose()).isFalse();
        tracker.track(close.slice(4, close.readableBytes() - 4));
        assertThat(tracker.sawClose()).isTrue();
        assertThat(tracker.atFrameBoundary()).isTrue();
        wire.release();
        close.release();
    }

    @Test
    void writesCloseFramesThatNettyDecodesToTheSameCodeAndReason() {
        for (boolean masked : new boolean[] {false, true}) {
            ByteBuf frame = WebSocketCloseFrame.of(ByteBufAllocator.DEFAULT, 1001, "backend went away", masked);
            EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(masked, false, 65536));

            decoder.writeInbound(frame);
            CloseWebSocketFrame close = decoder.readInbound();

            assertThat(close.statusCode()).isEqualTo(1001);
            assertThat(close.reasonText()).isEqualTo("backend went away");
            close.release();
            assertThat(decoder.finishAndReleaseAll()).isFalse();
        }
    }

    private static ByteBuf encode(boolean masked, WebSocketFrame frame) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(masked));
        encoder.writeOutbound(frame);
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf part = encoder.readOutbound(); part != null; part = encoder.readOutbound()) {
            wire.writeBytes(part);
            part.release();
        }
        encoder.finishAndReleaseAll();
        return wire;
    }

    /** Feeds {@code wire} in pieces of {@code size} bytes; while inside the frame, no boundary is reported. */
    private static void feedInPieces(WebSocketFrameTracker tracker, ByteBuf wire, int size, boolean checkInside) {
        for (int from = 0; from < wire.readableBytes(); from += size) {
            int length = Math.min(size, wire.readableBytes() - from);
            tracker.track(wire.slice(from, length));
            if (checkInside && from + length < wire.readableBytes()) {
                assertThat(tracker.atFrameBoundary()).isFalse();
            }
        }
    }
}
