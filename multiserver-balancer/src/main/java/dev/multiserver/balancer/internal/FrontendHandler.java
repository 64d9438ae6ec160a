package dev.multiserver.balancer.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a client connection's pipeline. Runs one {@link Exchange} at a time, in the order requests
 * arrived, so pipelined requests are answered in order; turns away requests that fail validation
 * before anything is forwarded. The connection is read only on demand ({@code AUTO_READ} off, behind a
 * {@code FlowControlHandler}), which is what lets each exchange apply backpressure.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    private final ProxyContext proxy;
    private final RequestTimer timeouts;
    private ChannelHandlerContext ctx;
    private ClientConnection connection;
    private ClientExchange exchange;
    private Object heldRequest;
    private boolean closing;
    private boolean wantsMessage;

    FrontendHandler(ProxyContext proxy, RequestTimer timeouts) {
        this.proxy = proxy;
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = ClientConnection.of((InetSocketAddress) ctx.channel().remoteAddress(),
                (InetSocketAddress) ctx.channel().localAddress(), proxy.config().tls() == null ? "http" : "https");
        timeouts.awaitingRequest();
        readClient();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        wantsMessage = false;
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (exchange == null) {
            handle(msg);
        } else if (!exchange.isRequestComplete() && msg instanceof HttpContent content) {
            exchange.onRequestContent(content);
        } else if (heldRequest == null) {
            // The next pipelined request: it waits until the current response is out.
            heldRequest = msg;
        } else {
            ReferenceCountUtil.release(msg);
            log.warn("unexpected {} from {} while a request was already held; closing", msg.getClass().getSimpleName(),
                    ctx.channel().remoteAddress());
            closeNow();
        }
    }

    private void handle(Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            // Body of a request that was turned away, or a stray end of message: skip it.
            ReferenceCountUtil.release(msg);
            readClient();
            return;
        }
        timeouts.requestReceived();
        String problem = validate(request);
        if (problem != null) {
            ReferenceCountUtil.release(msg);
            reject(request, problem);
            return;
        }
        if (proxy.local().answersRequests()) {
            exchange = new LocalExchange(this, ctx, connection, proxy, request);
            exchange.start();
        } else {
            proxy(request, proxy.local().hooks(null));
        }
    }

    /** Sends {@code request} to a backend, with what the local stage, having let it through, asks. */
    void proxy(HttpRequest request, ProxyHooks hooks) {
        exchange = new Exchange(this, ctx, connection, proxy, request, hooks);
        exchange.start();
    }

    /** Returns why the request must not be forwarded, or {@code null}. */
    private static String validate(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return "unsupported HTTP version " + version.text();
        }
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        if (hosts > 1) {
            return "more than one Host header";
        }
        if (hosts == 0 && version.minorVersion() >= 1) {
            return "HTTP/1.1 request without a Host header";
        }
        if (request.method().name().equals("CONNECT")) {
            return "CONNECT is not supported";
        }
        if (WebSocketHandshake.isRequested(request)) {
            return WebSocketHandshake.problem(request);
        }
        return null;
    }

    private void reject(HttpRequest request, String problem) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            problem = "the request line is longer than " + proxy.config().maxRequestLineLength() + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            problem = "the header section is larger than " + proxy.config().maxHeaderSize() + " bytes";
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        log.debug("rejected request from {}: {} {}", ctx.channel().remoteAddress(), status.code(), problem);
        closing = true;
        ctx.writeAndFlush(ErrorResponses.of(ctx.alloc(), status, problem, false))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Asks for the next message (more of the request, the next request, or the sight of the connection
     * closing). At most one is asked for at a time, so nothing arrives before its reader is ready.
     */
    void readClient() {
        if (!closing && !wantsMessage) {
            wantsMessage = true;
            ctx.read();
        }
    }

    /**
     * A read cycle ended without delivering the message asked for (the bytes so far did not make one):
     * the flow-control handler forgets unsatisfied reads at this point, so ask again.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wantsMessage && !closing) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    void exchangeEnded(ClientExchange ended, boolean keepAlive) {
        if (exchange != ended) {
            return;
        }
        exchange = null;
        if (!keepAlive || proxy.shutdown().isDraining() || !ctx.channel().isActive()) {
            closing = true;
            ReferenceCountUtil.release(heldRequest);
            heldRequest = null;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        timeouts.awaitingRequest();
        Object next = heldRequest;
        if (next != null) {
            heldRequest = null;
            handle(next);
        } else {
            readClient();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        ReferenceCountUtil.release(heldRequest);
        heldRequest = null;
        if (exchange != null) {
            exchange.onClientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onClientWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ShutdownSignal.DRAIN) {
            if (exchange == null && heldRequest == null) {
                closeNow();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("client connection {} failed", ctx.channel().remoteAddress(), cause);
        }
        closeNow();
    }

    private void closeNow() {
        closing = true;
        ctx.close();
    }
}
