package dev.multiserver.balancer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http2StreamCodecTest {

    private final EmbeddedChannel stream = new EmbeddedChannel(new Http2StreamCodec());

    private static Http2Headers request(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("https").authority("example.com:8443");
    }

    @Test
    void aHeadersOnlyRequestIsAHeadAndAnEmptyEndWithoutExtensionHeaders() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(request("GET", "/x?y=1").add("x-test", "a")
                .add(HttpHeaderNames.COOKIE, "a=1").add(HttpHeaderNames.COOKIE, "b=2"), true));

        HttpRequest head = stream.readInbound();
        assertThat(head).isNotInstanceOf(HttpContent.class);
        assertThat(head.method().name()).isEqualTo("GET");
        assertThat(head.uri()).isEqualTo("/x?y=1");
        assertThat(head.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.headers().getAll("host")).containsExactly("example.com:8443");
        assertThat(head.headers().getAll("cookie")).containsExactly("a=1; b=2");
        assertThat(head.headers().get("x-test")).isEqualTo("a");
        assertThat(head.headers().names()).noneMatch(name -> name.toLowerCase().startsWith("x-http2-"));
        assertThat(head.headers().contains("transfer-encoding")).isFalse();
        LastHttpContent end = stream.readInbound();
        assertThat(end.content().isReadable()).isFalse();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aBodyWithoutALengthIsMarkedChunkedAndOneWithALengthIsNot() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(request("POST", "/upload"), false),
                new DefaultHttp2DataFrame(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII), false),
                new DefaultHttp2DataFrame(Unpooled.copiedBuffer("c", StandardCharsets.US_ASCII), true));

        HttpRequest head = stream.readInbound();
        assertThat(head.headers().get("transfer-encoding")).isEqualTo("chunked");
        HttpContent part = stream.readInbound();
        assertThat(part).isNotInstanceOf(LastHttpContent.class);
        assertThat(part.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ab");
        part.release();
        LastHttpContent end = stream.readInbound();
        assertThat(end.content().toString(StandardCharsets.US_ASCII)).isEqualTo("c");
        end.release();

        stream.writeInbound(new DefaultHttp2HeadersFrame(request("PUT", "/p").setInt("content-length", 2), false));
        HttpRequest sized = stream.readInbound();
        assertThat(sized.headers().get("content-length")).isEqualTo("2");
        assertThat(sized.headers().contains("transfer-encoding")).isFalse();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void trailersEndTheBody() {
        stream.writeInbound(new DefaultHttp2HeadersFrame(request("POST", "/t"), false),
                new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().add("x-checksum", "abc"), true));

        HttpRequest head = stream.readInbound();
        assertThat(head.uri()).isEqualTo("/t");
        LastHttpContent end = stream.readInbound();
        assertThat(end.trailingHeaders().get("x-checksum")).isEqualTo("abc");
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aResponseLosesItsConnectionSpecificHeadersAndEndsWithItsLastContent() {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set("Connection", "close").set("Keep-Alive", "timeout=5")
                .set("Transfer-Encoding", "chunked").set("Upgrade", "foo").set("X-Kept", "yes");

        stream.writeOutbound(response, new DefaultLastHttpContent(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII)));

        Http2HeadersFrame head = stream.readOutbound();
        assertThat(head.headers().status().toString()).isEqualTo("200");
        assertThat(head.isEndStream()).isFalse();
        assertThat(head.headers().get("x-kept").toString()).isEqualTo("yes");
        assertThat(head.headers().names()).extracting(CharSequence::toString)
                .doesNotContain("connection", "keep-alive", "transfer-encoding", "upgrade");
        Http2DataFrame data = stream.readOutbound();
        assertThat(data.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ok");
        assertThat(data.isEndStream()).isTrue();
        data.release();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aFullResponseIsHeadersAndDataOrHeadersAloneWhenEmpty() {
        stream.writeOutbound(ErrorResponses.of(stream.alloc(), HttpResponseStatus.BAD_GATEWAY, "down", false));

        Http2HeadersFrame head = stream.readOutbound();
        assertThat(head.headers().status().toString()).isEqualTo("502");
        assertThat(head.headers().contains("connection")).isFalse();
        Http2DataFrame body = stream.readOutbound();
        assertThat(body.content().toString(StandardCharsets.UTF_8)).isEqualTo("502 Bad Gateway: down\n");
        assertThat(body.isEndStream()).isTrue();
        body.release();

        stream.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.NO_CONTENT));
        Http2HeadersFrame alone = stream.readOutbound();
        assertThat(alone.isEndStream()).isTrue();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anInterimResponseIsAHeadersFrameThatDoesNotEndTheStream() {
        stream.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));

        Http2HeadersFrame interim = stream.readOutbound();
        assertThat(interim.headers().status().toString()).isEqualTo("100");
        assertThat(interim.isEndStream()).isFalse();
        assertThat(stream.finishAndReleaseAll()).isFalse();
    }
}
