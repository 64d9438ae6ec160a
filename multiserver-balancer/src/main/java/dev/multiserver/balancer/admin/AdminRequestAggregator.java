package dev.multiserver.balancer.admin;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator with the admin API's JSON 413 in place of its empty one. As in Netty, the connection
 * stays open (the rest of the body is read and dropped) when the client wants to keep it.
 */
final class AdminRequestAggregator extends HttpObjectAggregator {

    AdminRequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full
                && HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.equals(full.status())) {
            full.release();
            return tooLarge();
        }
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = tooLarge();
        boolean keepReading = !(oversized instanceof FullHttpMessage) && ctx.channel().config().isAutoRead()
                && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
        if (keepReading) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse tooLarge() {
        return AdminResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body: larger than " + maxContentLength() + " bytes (expected: at most that)");
    }
}
