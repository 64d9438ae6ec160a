package dev.multiserver.balancer.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The plain-HTTP listener of {@code redirectHttpFrom}: answers every request with {@code 308 Permanent
 * Redirect} to the same host, path and query on HTTPS, and closes. 308 keeps the method and body, unlike
 * 301. A request without a usable {@code Host} gets {@code 400}.
 */
final class HttpsRedirectHandler extends SimpleChannelInboundHandler<HttpObject> {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private final int httpsPort;

    HttpsRedirectHandler(int httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (!(msg instanceof HttpRequest request)) {
            return;
        }
        if (!request.decoderResult().isSuccess()) {
            respond(ctx, error(HttpResponseStatus.BAD_REQUEST, "malformed request"));
            return;
        }
        String location;
        try {
            location = httpsLocation(request, httpsPort);
        } catch (IllegalArgumentException e) {
            respond(ctx, error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.PERMANENT_REDIRECT);
        response.headers()
                .set(HttpHeaderNames.LOCATION, location)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        respond(ctx, response);
    }

    /**
     * The HTTPS URL of {@code request}: its host (without the port it names), {@code httpsPort} unless 443,
     * and its path and query. Also what {@code forceHttps} redirects to.
     *
     * @throws IllegalArgumentException saying what is wrong when the request names no usable host or path
     */
    static String httpsLocation(HttpRequest request, int httpsPort) {
        String target = request.uri();
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host == null) {
            throw new IllegalArgumentException("Host header: missing");
        }
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("request target: '" + target + "' (expected: /path)");
        }
        String name = hostWithoutPort(host.trim());
        if (!HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Host header: '" + host + "' is not a host name");
        }
        return "https://" + name + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        byte[] body = (status + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
