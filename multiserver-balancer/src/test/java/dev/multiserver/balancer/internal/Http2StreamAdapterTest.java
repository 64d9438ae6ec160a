package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

class Http2StreamAdapterTest {

    private final EmbeddedChannel stream = new EmbeddedChannel(new Http2StreamCodec(), new Http2StreamAdapter());

    @Test
    void theEmptyEndOfAnInterimResponseWritesNothing() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path("/")
                .authority("example.com"), true));
        ReferenceCountUtil.release(stream.readInbound());
        ReferenceCountUtil.release(stream.readInbound());
        stream.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
                LastHttpContent.EMPTY_LAST_CONTENT, new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK),
                LastHttpContent.EMPTY_LAST_CONTENT);

        Http2HeadersFrame interim = stream.readOutbound();
        assertThat(interim.headers().status().toString()).isEqualTo("100");
        Http2HeadersFrame head = stream.readOutbound();
        assertThat(head.headers().status().toString()).isEqualTo("200");
        Http2DataFrame end = stream.readOutbound();
        assertThat(end.isEndStream()).isTrue();
        end.release();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theFrontendsCloseMarkerWritesNothing() {
        ChannelFuture marker = stream.writeAndFlush(Unpooled.EMPTY_BUFFER);

        assertThat(marker.isSuccess()).isTrue();
        assertThat((Object) stream.readOutbound()).isNull();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void closingAfterAWholeAnswerToAnUnfinishedRequestResetsWithNoError() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("POST").path("/upload")
                .authority("example.com"), false));
        ReferenceCountUtil.release(stream.readInbound());
        stream.writeOutbound(ErrorResponses.of(stream.alloc(), HttpResponseStatus.BAD_GATEWAY, "down", false));
        ReferenceCountUtil.release(stream.readOutbound());
        ReferenceCountUtil.release(stream.readOutbound());

        stream.close();

        Http2ResetFrame reset = stream.readOutbound();
        assertThat(reset.errorCode()).isEqualTo(Http2Error.NO_ERROR.code());
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aResetFromTheClientClosesTheStreamAtOnce() {
        stream.pipeline().fireUserEventTriggered(new DefaultHttp2ResetFrame(Http2Error.CANCEL));

        assertThat(stream.isOpen()).isFalse();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aRequestThatCannotBeTranslatedIsResetWithProtocolError() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path("/")
                .authority("example.com").add("host", "elsewhere.example"), true));

        Http2ResetFrame reset = stream.readOutbound();
        assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        assertThat((Object) stream.readInbound()).isNull();
        assertThat(stream.isOpen()).isFalse();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }
}
