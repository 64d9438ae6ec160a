package dev.multiserver.balancer.internal.compression;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.multiserver.balancer.Compression;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The compression decision and the encoding, one connection's messages at a time. */
class ResponseCompressorTest {

    private static final String TEXT = "All work and no play makes Jack a dull boy. ".repeat(100);
    private static final CompressionPolicy POLICY = CompressionPolicy.of(Compression.defaults());

    private EmbeddedChannel channel = new EmbeddedChannel(new ResponseCompressor(POLICY));

    @AfterEach
    void nothingIsLeftOver() {
        assertThat(channel.finishAndReleaseAll()).as("messages left in the channel").isFalse();
    }

    @Test
    void compressesWithGzipWhenTheClientAcceptsIt() throws IOException {
        request("gzip");

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(sent.head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
        assertThat(HttpUtil.isTransferEncodingChunked(sent.head)).isTrue();
        assertThat(sent.head.headers().get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(sent.body.length).isLessThan(TEXT.length() / 10);
        assertThat(gunzip(sent.body)).isEqualTo(TEXT);
    }

    @Test
    void brotliIsAvailableOnThisPlatformAndPreferredWhenRatedAlike() throws IOException {
        assertThat(Brotli.isAvailable()).as("Brotli on %s/%s (the build ships brotli4j's natives for Linux x86_64 "
                + "and aarch64): %s", System.getProperty("os.name"), System.getProperty("os.arch"), Brotli.cause())
                .isTrue();
        request("gzip, deflate, br");

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("br");
        assertThat(unbrotli(sent.body)).isEqualTo(TEXT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "br;q=0.5, gzip          | gzip",
        "gzip;q=0.8, br;q=0.9    | br",
        "*                       | br",
        "*, br;q=0               | gzip",
        "x-gzip                  | gzip",
        "GZIP ; Q=1              | gzip",
        "identity, gzip;q=0.001  | gzip",
    })
    void honoursQualityValues(String acceptEncoding, String expected) {
        request(acceptEncoding);

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=0", "identity", "", "deflate", "*;q=0", "gzip;q=0, br;q=0.0", "gzip;q=2",
        "gzip;q=abc", "*, gzip;q=0, br;q=0"})
    void leavesTheBodyAloneWhenTheClientTakesNoCodingOnOffer(String acceptEncoding) {
        request(acceptEncoding);

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertUntouchedButVaried(sent);
    }

    @Test
    void withoutAcceptEncodingTheResponseIsNotCompressedButVaries() {
        request(null);

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertUntouchedButVaried(sent);
    }

    @Test
    void withoutBrotliGzipServesAClientThatPrefersBr() {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new ResponseCompressor(
                CompressionPolicy.withoutBrotli(Compression.defaults())));
        request("br, gzip;q=0.5");

        Sent sent = respond(textResponse(TEXT.length()), TEXT);

        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "application/octet-stream", "video/mp4", "font/woff2", "text"})
    void leavesTypesNotListedAlone(String type) {
        request("gzip, br");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);

        assertUntouched(respond(response, TEXT), TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html; charset=utf-8", "TEXT/CSS", "application/json", "application/problem+json",
        "application/atom+xml", "image/svg+xml", "application/javascript", "application/wasm"})
    void compressesTheListedTypes(String type) {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);

        assertThat(respond(response, TEXT).head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    }

    @Test
    void leavesAResponseWithoutContentTypeAlone() {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().remove(HttpHeaderNames.CONTENT_TYPE);

        assertUntouched(respond(response, TEXT), TEXT);
    }

    @Test
    void passesAResponseTheBackendEncodedAsItIs() {
        request("gzip, br");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");

        Sent sent = respond(response, TEXT);

        assertUntouched(sent, TEXT);
        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    }

    @Test
    void compressesAResponseMarkedIdentity() {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.CONTENT_ENCODING, "identity");

        assertThat(respond(response, TEXT).head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
    }

    @Test
    void leavesBodiesBelowTheMinimumSizeAlone() {
        request("gzip");

        assertUntouched(respond(textResponse(1023), "x".repeat(1023)), "x".repeat(1023));
    }

    @Test
    void compressesABodyOfExactlyTheMinimumSize() {
        request("gzip");

        assertThat(respond(textResponse(1024), "x".repeat(1024)).head.headers().get(HttpHeaderNames.CONTENT_ENCODING))
                .isEqualTo("gzip");
    }

    @Test
    void compressesABodyOfUnknownLengthWhateverItsSize() throws IOException {
        request("gzip");

        Sent sent = respond(textResponse(-1), "tiny");

        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(gunzip(sent.body)).isEqualTo("tiny");
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-transform", "public, No-Transform, max-age=60"})
    void respectsNoTransform(String cacheControl) {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, cacheControl);

        assertUntouched(respond(response, TEXT), TEXT);
    }

    @Test
    void respectsNoTransformInTheRequest() {
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip").set(HttpHeaderNames.CACHE_CONTROL, "no-transform");
        channel.writeInbound(request);
        ReferenceCountUtil.release(channel.readInbound());

        assertUntouchedButVaried(respond(textResponse(TEXT.length()), TEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Range", "Content-Digest", "Repr-Digest"})
    void leavesPartsAndDigestedBodiesAlone(String header) {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(header, "something");

        assertUntouched(respond(response, TEXT), TEXT);
    }

    @Test
    void leavesAnswersToHeadAlone() {
        HttpRequest head = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/");
        head.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
        channel.writeInbound(head);
        ReferenceCountUtil.release(channel.readInbound());

        channel.writeOutbound(textResponse(TEXT.length()), LastHttpContent.EMPTY_LAST_CONTENT);

        Sent sent = readResponse();
        assertThat(sent.head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(sent.head.headers().contains(HttpHeaderNames.VARY)).isFalse();
        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(TEXT.length()));
        assertThat(sent.body).isEmpty();
    }

    @Test
    void leavesAnswersToHttp10Alone() {
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip");
        channel.writeInbound(request);
        ReferenceCountUtil.release(channel.readInbound());

        assertUntouchedButVaried(respond(textResponse(TEXT.length()), TEXT));
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 206, 101})
    void leavesStatusesWithoutARepresentationAlone(int status) {
        request("gzip");
        HttpResponse response = textResponse(-1);
        response.setStatus(HttpResponseStatus.valueOf(status));

        channel.writeOutbound(response);

        HttpResponse head = channel.readOutbound();
        assertThat(head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(head.headers().contains(HttpHeaderNames.VARY)).isFalse();
    }

    @Test
    void aNotModifiedForACompressedRepresentationCarriesItsVaryAndWeakEtag() {
        request("gzip");
        FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.NOT_MODIFIED);
        notModified.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html").set(HttpHeaderNames.ETAG, "\"v1\"");

        channel.writeOutbound(notModified);

        FullHttpResponse sent = channel.readOutbound();
        assertThat(sent.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(sent.headers().get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(sent.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"v1\"");
        sent.release();
    }

    @Test
    void aStrongEtagBecomesWeakWhenTheBodyIsCompressedAndAWeakOneStays() {
        request("gzip");
        HttpResponse strong = textResponse(TEXT.length());
        strong.headers().set(HttpHeaderNames.ETAG, "\"abc\"");
        assertThat(respond(strong, TEXT).head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"abc\"");

        request("gzip");
        HttpResponse weak = textResponse(TEXT.length());
        weak.headers().set(HttpHeaderNames.ETAG, "W/\"abc\"");
        assertThat(respond(weak, TEXT).head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("W/\"abc\"");

        request(null);
        HttpResponse uncompressed = textResponse(TEXT.length());
        uncompressed.headers().set(HttpHeaderNames.ETAG, "\"abc\"");
        assertThat(respond(uncompressed, TEXT).head.headers().get(HttpHeaderNames.ETAG)).isEqualTo("\"abc\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Origin                  | Origin, Accept-Encoding",
        "Origin, accept-encoding | Origin, accept-encoding",
        "*                       | *",
    })
    void keepsTheVaryThereIs(String vary, String expected) {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.VARY, vary);

        assertThat(respond(response, TEXT).head.headers().get(HttpHeaderNames.VARY)).isEqualTo(expected);
    }

    @Test
    void dropsAcceptRangesFromACompressedResponse() {
        request("gzip");
        HttpResponse response = textResponse(TEXT.length());
        response.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");

        assertThat(respond(response, TEXT).head.headers().contains(HttpHeaderNames.ACCEPT_RANGES)).isFalse();
    }

    @Test
    void answersPipelinedRequestsInTheirOrder() throws IOException {
        request("gzip");
        request(null);
        request("br");

        Sent first = respond(textResponse(TEXT.length()), TEXT);
        Sent second = respond(textResponse(TEXT.length()), TEXT);
        Sent third = respond(textResponse(TEXT.length()), TEXT);

        assertThat(gunzip(first.body)).isEqualTo(TEXT);
        assertUntouchedButVaried(second);
        assertThat(unbrotli(third.body)).isEqualTo(TEXT);
    }

    @Test
    void anInterimResponseDoesNotTakeTheRequestsPlace() throws IOException {
        request("gzip");
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        FullHttpResponse interim = channel.readOutbound();
        assertThat(interim.status()).isEqualTo(HttpResponseStatus.CONTINUE);
        interim.release();

        assertThat(gunzip(respond(textResponse(TEXT.length()), TEXT).body)).isEqualTo(TEXT);
    }

    @Test
    void aResponseWithoutARequestPassesAsItIs() {
        assertUntouched(respond(textResponse(TEXT.length()), TEXT), TEXT);
    }

    @Test
    void compressesAFullResponseKeepingItsTrailers() throws IOException {
        request("gzip");
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(TEXT, UTF_8));
        full.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, TEXT.length());
        full.trailingHeaders().set("X-Checksum", "42");

        channel.writeOutbound(full);

        Sent sent = readResponse();
        assertThat(sent.head).isNotInstanceOf(HttpContent.class);
        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(sent.trailers.get("X-Checksum")).isEqualTo("42");
        assertThat(gunzip(sent.body)).isEqualTo(TEXT);
    }

    @Test
    void compressesEachPartAsItComesSoAStreamIsNotHeldBack() throws IOException {
        request("gzip");
        channel.writeOutbound(textResponse(-1));
        HttpResponse head = channel.readOutbound();
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();

        channel.writeOutbound(new DefaultHttpContent(Unpooled.copiedBuffer("data: first event\n\n", UTF_8)));

        HttpContent part = channel.readOutbound();
        assertThat(part.content().isReadable()).isTrue();
        wire.writeBytes(ByteBufUtil.getBytes(part.content()));
        part.release();
        // What came out so far decodes to the whole first event, without the end of the stream.
        assertThat(inflatePrefix(wire.toByteArray())).isEqualTo("data: first event\n\n");

        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        LastHttpContent end = channel.readOutbound();
        wire.writeBytes(ByteBufUtil.getBytes(end.content()));
        end.release();
        assertThat(gunzip(wire.toByteArray())).isEqualTo("data: first event\n\n");
    }

    @Test
    void anEmptyPartDoesNotEndTheChunkedBodyOnTheWire() throws IOException {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new HttpResponseEncoder(), new ResponseCompressor(POLICY));
        request("gzip");

        channel.writeOutbound(textResponse(-1), new DefaultHttpContent(Unpooled.copiedBuffer("first ", UTF_8)),
                new DefaultHttpContent(Unpooled.EMPTY_BUFFER),
                new DefaultLastHttpContent(Unpooled.copiedBuffer("and last", UTF_8)));

        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder());
        for (ByteBuf bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
            client.writeInbound(bytes);
        }
        HttpResponse head = client.readInbound();
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (HttpContent part = client.readInbound(); part != null; part = client.readInbound()) {
            body.writeBytes(ByteBufUtil.getBytes(part.content()));
            part.release();
        }
        assertThat(gunzip(body.toByteArray())).isEqualTo("first and last");
        assertThat(client.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aConnectionClosedMidResponseFreesTheEncoder() {
        request("br");
        channel.writeOutbound(textResponse(-1), new DefaultHttpContent(Unpooled.copiedBuffer(TEXT, UTF_8)));
        ReferenceCountUtil.release(channel.readOutbound());
        ReferenceCountUtil.release(channel.readOutbound());

        channel.close();

        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void request(String acceptEncoding) {
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        if (acceptEncoding != null) {
            request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        }
        channel.writeInbound(request);
        HttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(request);
        ReferenceCountUtil.release(passed);
    }

    /** A {@code text/plain} response head, with that Content-Length, or chunked when it is negative. */
    private static HttpResponse textResponse(long contentLength) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (contentLength >= 0) {
            HttpUtil.setContentLength(response, contentLength);
        } else {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        return response;
    }

    /** Writes {@code response} and {@code body} in two parts and its end, and reads what comes out. */
    private Sent respond(HttpResponse response, String body) {
        int half = body.length() / 2;
        channel.writeOutbound(response,
                new DefaultHttpContent(Unpooled.copiedBuffer(body.substring(0, half), UTF_8)),
                new DefaultLastHttpContent(Unpooled.copiedBuffer(body.substring(half), UTF_8)));
        return readResponse();
    }

    private Sent readResponse() {
        HttpResponse head = channel.readOutbound();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpHeaders trailers = null;
        if (head instanceof HttpContent content) {
            body.writeBytes(ByteBufUtil.getBytes(content.content()));
            trailers = ((LastHttpContent) content).trailingHeaders();
            content.release();
        }
        while (trailers == null) {
            HttpContent content = channel.readOutbound();
            assertThat(content).as("the response's end").isNotNull();
            body.writeBytes(ByteBufUtil.getBytes(content.content()));
            if (content instanceof LastHttpContent last) {
                trailers = last.trailingHeaders();
            }
            content.release();
        }
        return new Sent(head, body.toByteArray(), trailers);
    }

    private static void assertUntouched(Sent sent, String body) {
        assertThat(sent.head.headers().contains(HttpHeaderNames.VARY)).as("Vary").isFalse();
        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(body.length()));
        assertThat(new String(sent.body, UTF_8)).isEqualTo(body);
    }

    private static void assertUntouchedButVaried(Sent sent) {
        assertThat(sent.head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        assertThat(sent.head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(String.valueOf(TEXT.length()));
        assertThat(sent.head.headers().get(HttpHeaderNames.VARY)).isEqualTo("Accept-Encoding");
        assertThat(new String(sent.body, UTF_8)).isEqualTo(TEXT);
    }

    static String gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    static String unbrotli(byte[] compressed) throws IOException {
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(compressed))) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    /** Decodes the deflate data of an unfinished gzip stream (its 10-byte header skipped), as far as it goes. */
    private static String inflatePrefix(byte[] gzip) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(gzip, 10, gzip.length - 10);
        byte[] out = new byte[4096];
        try {
            int n = inflater.inflate(out);
            return new String(out, 0, n, UTF_8);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    private record Sent(HttpResponse head, byte[] body, HttpHeaders trailers) {
    }
}
