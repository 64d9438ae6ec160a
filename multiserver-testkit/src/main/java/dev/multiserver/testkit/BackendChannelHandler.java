package dev.multiserver.testkit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the requests of one test-backend connection and decides how each is answered. Auto-read is off: the
 * handler asks for one message at a time (behind a {@code FlowControlHandler}), reads the next request only once
 * the previous response is written, and while echoing reads only as fast as the peer takes the echo.
 */
final class BackendChannelHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BackendChannelHandler.class);

    private final BackendState state;
    private ChannelHandlerContext ctx;
    private ResponseWriter writer;
    private Exchange exchange;
    private boolean readWhenWritable;
    private boolean readRequested;
    private boolean inProgress;

    BackendChannelHandler(BackendState state) {
        this.state = state;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.writer = new ResponseWriter(ctx, state.id(), new ResponseWriter.Completion() {
            @Override
            public void answering() {
                requestEnded();
            }

            @Override
            public void responded(boolean readNext) {
                BackendChannelHandler.this.responded(readNext);
            }
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        readNext();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        writer.abort();
        requestEnded();
        exchange = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writer.resume();
            if (readWhenWritable) {
                readWhenWritable = false;
                readNext();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readRequested = false;
        try {
            if (msg instanceof HttpRequest) {
                onHead((HttpRequest) msg);
            }
            if (msg instanceof HttpContent) {
                onContent((HttpContent) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A read cycle can end without a message for us; then ask again, or the connection would stall. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (readRequested) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("test backend {}: connection {} failed", state.id(), ctx.channel(), cause);
        ctx.close();
    }

    private void onHead(HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            exchange = null;
            writer.rejectAndClose("cannot decode request: " + head.decoderResult().cause());
            return;
        }
        Exchange started = new Exchange(head, state.handler());
        exchange = started;
        inProgress = true;
        state.requestStarted(head.uri());
        if (HttpUtil.is100ContinueExpected(head) && (started.script == null || started.script.sendContinue())) {
            writer.sendContinue();
        }
        if (started.echoes()) {
            later(started.script.delayMillis(), () -> {
                writer.startEcho(head, started.script.status(), started.script.headers());
                readNext();
            });
        } else {
            readNext();
        }
    }

    private void onContent(HttpContent content) {
        Exchange current = exchange;
        if (current == null || current.received != null) {
            return;
        }
        if (content.decoderResult().isFailure()) {
            log.debug("test backend {}: cannot decode body of {} {}", state.id(), current.head.method(),
                    current.head.uri(), content.decoderResult().cause());
            ctx.close();
            return;
        }
        current.digest.update(content.content());
        if (current.echoes()) {
            writer.echo(content.content());
        }
        if (content instanceof LastHttpContent) {
            requestComplete(current);
        } else if (current.echoes() && !ctx.channel().isWritable()) {
            readWhenWritable = true;
        } else {
            readNext();
        }
    }

    private void requestComplete(Exchange current) {
        current.received = new ReceivedRequest(current.head, current.digest.length(), current.digest.sha256Hex());
        state.requestReceived(current.received);
        if (current.echoes()) {
            writer.endEcho();
        } else if (current.handler != null) {
            callHandler(current);
        } else {
            respondAsScripted(current);
        }
    }

    private void callHandler(Exchange current) {
        ChannelResponder responder =
                new ChannelResponder(ctx.executor(), writer, current.head, () -> respondAsScripted(current));
        try {
            current.handler.handle(current.received, responder);
        } catch (RuntimeException | AssertionError e) {
            log.warn("test backend {}: handler failed on {}", state.id(), current.received, e);
            responder.failIfUnanswered(e);
        }
    }

    private void respondAsScripted(Exchange current) {
        Script script = current.script;
        if (script == null) {
            writer.respondText(current.head, HttpResponseStatus.BAD_REQUEST, current.scriptError);
            return;
        }
        if (script.echo()) {
            writer.respondText(current.head, HttpResponseStatus.BAD_REQUEST,
                    "echo=true needs the body as it arrives; a handler installed with respondWith cannot echo");
            return;
        }
        later(script.delayMillis(), () -> {
            switch (script.close()) {
                case BEFORE_RESPONSE -> writer.close();
                case RESET -> writer.reset();
                case MID_BODY -> writer.respondTruncated(current.head, script.status(), script.headers());
                case NONE -> {
                    if (script.size() >= 0) {
                        writer.respondPattern(current.head, script.status(), script.headers(), script.size(),
                                script.chunked());
                    } else {
                        byte[] json = RequestJson.describe(state.id(), current.received);
                        writer.respond(current.head, script.status(), HttpHeaderValues.APPLICATION_JSON,
                                script.headers(), Unpooled.wrappedBuffer(json), script.chunked());
                    }
                }
            }
        });
    }

    /** Asks for exactly one more message: the flow-control handler delivers one per read. */
    private void readNext() {
        readRequested = true;
        ctx.read();
    }

    /** Counts the current request as no longer in progress, once. */
    private void requestEnded() {
        if (inProgress) {
            inProgress = false;
            state.requestEnded();
        }
    }

    private void responded(boolean readNext) {
        requestEnded();
        exchange = null;
        if (readNext) {
            readNext();
        } else {
            ctx.close();
        }
    }

    /** Runs {@code task} after {@code millis} on the event loop, unless the connection closed meanwhile. */
    private void later(long millis, Runnable task) {
        if (millis == 0) {
            task.run();
            return;
        }
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                task.run();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** One request, from its head to its response. */
    private static final class Exchange {
        final HttpRequest head;
        final Script script;
        final String scriptError;
        final BackendHandler handler;
        final BodyDigest digest = new BodyDigest();
        ReceivedRequest received;

        Exchange(HttpRequest head, BackendHandler handler) {
            this.head = head;
            this.handler = handler;
            Script parsed = null;
            String error = null;
            try {
                parsed = Script.parse(head.uri());
            } catch (IllegalArgumentException e) {
                error = e.getMessage();
            }
            this.script = parsed;
            this.scriptError = error;
        }

        boolean echoes() {
            return handler == null && script != null && script.echo();
        }
    }
}
