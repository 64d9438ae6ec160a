package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerCodecTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ServerCodec(new HttpDecoderConfig()));

    private HttpRequest decode(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        return channel.readInbound();
    }

    private void drainInbound() {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Test
    void marksObsoleteLineFoldingAsAFailure() {
        HttpRequest request = decode("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n");
        assertThat(request.decoderResult().isFailure()).isTrue();
        assertThat(request.decoderResult().cause()).hasMessageContaining("obs-fold");
        drainInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void doesNotMistakeABodyThatStartsLinesWithSpacesForFolding() {
        HttpRequest request = decode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nx\r\n y\r\n");
        assertThat(request.decoderResult().isSuccess()).isTrue();
        drainInbound();
        HttpRequest next = decode("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(next.decoderResult().isSuccess()).isTrue();
        assertThat(next.uri()).isEqualTo("/next");
        drainInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void detectsFoldingSplitAcrossReads() {
        channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n", StandardCharsets.US_ASCII));
        assertThat((Object) channel.readInbound()).isNull();
        HttpRequest request = decode(" c\r\n\r\n");
        assertThat(request.decoderResult().isFailure()).isTrue();
        drainInbound();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void writesNoBodyForAResponseToHeadEvenWhenChunked() {
        decode("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        drainInbound();
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set("Transfer-Encoding", "chunked");
        channel.writeOutbound(response, LastHttpContent.EMPTY_LAST_CONTENT);
        String written = readOutbound();
        assertThat(written).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n").doesNotContain("0\r\n\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void interimResponsesDoNotConsumeTheRequest() {
        decode("HEAD / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n");
        drainInbound();
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(readOutbound()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set("Transfer-Encoding", "chunked");
        channel.writeOutbound(response, LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(readOutbound()).doesNotContain("0\r\n\r\n");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private String readOutbound() {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
