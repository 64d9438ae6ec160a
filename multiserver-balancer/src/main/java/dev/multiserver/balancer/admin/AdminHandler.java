package dev.multiserver.balancer.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each complete admin request on the admin event loop: checks the token and the origin, then hands
 * it to the routes. Whatever goes wrong becomes a JSON error; unexpected failures are logged, and the
 * client sees only "internal error". Shared by every admin connection.
 */
@ChannelHandler.Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminRoutes routes;
    private final BearerToken token;

    AdminHandler(AdminRoutes routes, BearerToken token) {
        this.routes = routes;
        this.token = token;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            FullHttpResponse response = malformed(request.decoderResult().cause());
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String method = request.method().name();
        String uri = request.uri();
        respond(ctx, request).whenComplete((response, failure) -> ctx.executor().execute(() ->
                ctx.writeAndFlush(response != null ? response : failed(ctx, method, uri, failure))
                        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE)));
    }

    /** An endpoint's answer; what failed later, once the request itself is released, is turned into an error here. */
    private static FullHttpResponse failed(ChannelHandlerContext ctx, String method, String uri, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof AdminError e) {
            return AdminResponses.error(e.status(), e.getMessage());
        }
        log.error("admin: {} {} from {} failed", method, uri, ctx.channel().remoteAddress(), cause);
        return AdminResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "internal error (the balancer's log has the details)");
    }

    private CompletableFuture<FullHttpResponse> respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!token.permits(request.headers()) && !AdminRoutes.isPublic(request)) {
            FullHttpResponse response = AdminResponses.error(HttpResponseStatus.UNAUTHORIZED,
                    "missing or wrong token (expected: Authorization: Bearer <adminToken>)");
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            return CompletableFuture.completedFuture(response);
        }
        if (!CrossOriginGuard.permits(request)) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            return CompletableFuture.completedFuture(AdminResponses.error(HttpResponseStatus.FORBIDDEN, "cross-origin "
                    + request.method() + " from " + origin + " (expected: no Origin, or this server's)"));
        }
        try {
            return routes.dispatch(AdminRequest.of(request, ctx.channel().remoteAddress()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static FullHttpResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return AdminResponses.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line: too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return AdminResponses.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers: too large");
        }
        return AdminResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: " + cause.getMessage());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("admin connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
