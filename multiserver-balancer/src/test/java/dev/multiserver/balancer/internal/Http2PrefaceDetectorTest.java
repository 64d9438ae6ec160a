package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http2PrefaceDetectorTest {

    // The HTTP/1.1 path never touches the HTTP/2 pipeline; the HTTP/2 one is in Http2IntegrationTest.
    private final EmbeddedChannel channel = new EmbeddedChannel(new Http2PrefaceDetector(null));

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void anHttp11RequestPassesOnWholeAndTheDetectorStepsAside() {
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        ByteBuf passed = channel.readInbound();
        assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        passed.release();
        assertThat(channel.pipeline().get(Http2PrefaceDetector.class)).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aStartLikeThePrefaceIsHeldUntilItDiffers() {
        channel.writeInbound(ascii("PRI * HTTP/"));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.pipeline().get(Http2PrefaceDetector.class)).isNotNull();

        channel.writeInbound(ascii("1.1\r\n"));

        ByteBuf passed = channel.readInbound();
        assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("PRI * HTTP/1.1\r\n");
        passed.release();
        assertThat(channel.pipeline().get(Http2PrefaceDetector.class)).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }
}
