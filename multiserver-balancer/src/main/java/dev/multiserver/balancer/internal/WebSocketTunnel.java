package dev.multiserver.balancer.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket connection after its handshake: the client connection and the backend connection joined,
 * bytes relayed as they come in both directions, each side read only while the other can take more.
 * Frames are not decoded; a {@link WebSocketFrameTracker} per direction only follows where they end, so
 * that when one side goes away without a close handshake the other gets a proper close frame (1001, or
 * 1011 when the side failed), and so that a drain, a shutdown or the idle timeout can close both sides
 * cleanly. Both connections share one event loop; every method runs on it.
 */
final class WebSocketTunnel {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);
    /** How long a side gets to answer a close frame before its connection is closed anyway. */
    private static final long CLOSE_REPLY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final End client;
    private final End backend;
    private final TrackedBackend target;
    private final BackendPool backends;
    private final LazyTimeout idle;
    private final long idleTimeoutNanos;
    private boolean goingAway;
    private boolean finished;

    private WebSocketTunnel(Channel clientChannel, Channel backendChannel, TrackedBackend target,
            BackendPool backends, long idleTimeoutNanos) {
        this.client = new End(clientChannel, "client " + clientChannel.remoteAddress(), false);
        this.backend = new End(backendChannel, "backend " + target.backend().authority(), true);
        client.peer = backend;
        backend.peer = client;
        this.target = target;
        this.backends = backends;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.idle = new LazyTimeout(clientChannel.eventLoop(), idleTimeoutNanos, this::idleTimedOut);
    }

    /**
     * Turns both connections into a tunnel. The 101 response must already be written to the client (through
     * its HTTP codec): every handler but TLS is taken out of both pipelines, and bytes the codecs had
     * received but not yet decoded go on through the tunnel.
     */
    static WebSocketTunnel open(Channel clientChannel, Channel backendChannel, TrackedBackend target,
            BackendPool backends, long idleTimeoutNanos) {
        WebSocketTunnel tunnel = new WebSocketTunnel(clientChannel, backendChannel, target, backends,
                idleTimeoutNanos);
        backends.tunnelOpened(target, tunnel);
        tunnel.client.install();
        tunnel.backend.install();
        tunnel.idle.arm(idleTimeoutNanos);
        clientChannel.read();
        backendChannel.read();
        return tunnel;
    }

    /**
     * Closes both sides with a close frame giving {@code code} and {@code reason}, and their connections
     * once they answer (or after a few seconds). Any thread.
     */
    void goAway(int code, String reason) {
        Channel channel = client.channel;
        if (channel.eventLoop().inEventLoop()) {
            closeBoth(code, reason);
        } else {
            channel.eventLoop().execute(() -> closeBoth(code, reason));
        }
    }

    private void closeBoth(int code, String reason) {
        if (finished || goingAway) {
            return;
        }
        log.debug("closing the WebSocket of {} with {} ({}) {}", client.name, code, reason, backend.name);
        goingAway = true;
        client.sendClose(code, reason);
        backend.sendClose(code, reason);
    }

    private void idleTimedOut() {
        closeBoth(WebSocketCloseFrame.GOING_AWAY, "idle for " + idleTimeoutNanos / 1_000_000_000 + " s");
    }

    private void ended(End side) {
        End other = side.peer;
        if (other.gone) {
            finish();
            return;
        }
        if (side.sent.sawClose() || other.closeSent || goingAway) {
            // The close handshake is under way or done: the other side only has its answer left to give.
            other.closeAfterAnswer();
            return;
        }
        boolean failed = side.failure != null;
        log.debug("{} went away{}; closing the WebSocket with {}", side.name,
                failed ? " (" + side.failure + ")" : "", other.name);
        String reason = side == backend ? (failed ? "backend failed" : "backend went away")
                : (failed ? "client failed" : "client went away");
        other.sendClose(failed ? WebSocketCloseFrame.INTERNAL_ERROR : WebSocketCloseFrame.GOING_AWAY, reason);
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        idle.cancel();
        client.cancelTimer();
        backend.cancelTimer();
        backends.tunnelClosed(target, this);
    }

    /** One side of the tunnel: the handler at the end of its pipeline, and what is known of it. */
    private final class End extends ChannelInboundHandlerAdapter {

        private final Channel channel;
        private final String name;
        /** Frames written to this side must be masked: it is the backend, and we are its client. */
        private final boolean masked;
        /** The frames this side sends. */
        private final WebSocketFrameTracker sent = new WebSocketFrameTracker();
        private End peer;
        private boolean closeSent;
        private boolean awaitingAnswer;
        private boolean readPending;
        private boolean gone;
        private Throwable failure;
        private ScheduledFuture<?> timer;

        End(Channel channel, String name, boolean masked) {
            this.channel = channel;
            this.name = name;
            this.masked = masked;
        }

        void install() {
            ChannelPipeline pipeline = channel.pipeline();
            pipeline.addLast("websocket", this);
            List<String> others = new ArrayList<>();
            for (Map.Entry<String, ChannelHandler> entry : pipeline) {
                if (entry.getValue() != this && !(entry.getValue() instanceof SslHandler)) {
                    others.add(entry.getKey());
                }
            }
            // Last to first: a codec removed after the handlers behind it hands its undecoded bytes to us.
            for (int i = others.size() - 1; i >= 0; i--) {
                pipeline.remove(others.get(i));
            }
            if (!channel.isActive()) {
                gone = true;
                channel.eventLoop().execute(() -> ended(this));
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf bytes)) {
                // The end of the decoded handshake, passed on by a codec leaving the pipeline.
                ReferenceCountUtil.release(msg);
                return;
            }
            idle.arm(idleTimeoutNanos);
            sent.track(bytes);
            if (peer.gone || goingAway || peer.closeSent && closeSent && peer.sent.sawClose()) {
                bytes.release();
                if (awaitingAnswer && sent.sawClose()) {
                    closeNow();
                }
                return;
            }
            peer.channel.write(bytes, peer.channel.voidPromise());
            if (sent.sawClose()) {
                peer.closeSent = true;
                if (peer.sent.sawClose()) {
                    // Both close frames crossed: the backend should close now; see that it happens.
                    backend.closeAfterAnswer();
                    client.closeAfterAnswer();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (peer.gone || goingAway) {
                channel.read();
                return;
            }
            peer.channel.flush();
            if (peer.channel.isWritable()) {
                channel.read();
            } else {
                readPending = true;
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (channel.isWritable() && peer.readPending) {
                peer.readPending = false;
                peer.channel.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (gone) {
                return;
            }
            gone = true;
            cancelTimer();
            ended(this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            if (cause instanceof IOException) {
                log.debug("WebSocket connection of {} failed: {}", name, cause.toString());
            } else {
                log.warn("WebSocket connection of {} failed", name, cause);
            }
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ShutdownSignal.DRAIN) {
                closeBoth(WebSocketCloseFrame.GOING_AWAY, "the load balancer is shutting down");
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        /**
         * Sends this side a close frame of our own when the bytes sent to it so far end at a frame boundary,
         * then waits for its answer; without a boundary, a frame is cut short and only closing is left.
         */
        void sendClose(int code, String reason) {
            if (gone) {
                return;
            }
            if (closeSent) {
                closeAfterAnswer();
                return;
            }
            if (!peer.sent.atFrameBoundary()) {
                closeNow();
                return;
            }
            closeSent = true;
            channel.writeAndFlush(WebSocketCloseFrame.of(channel.alloc(), code, reason, masked));
            closeAfterAnswer();
        }

        /** Closes this side once it has sent its close frame, or after a few seconds without one. */
        void closeAfterAnswer() {
            if (gone || awaitingAnswer) {
                return;
            }
            awaitingAnswer = true;
            if (sent.sawClose()) {
                closeNow();
                return;
            }
            channel.read();
            timer = channel.eventLoop().schedule(this::closeNow, CLOSE_REPLY_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        }

        void closeNow() {
            cancelTimer();
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
