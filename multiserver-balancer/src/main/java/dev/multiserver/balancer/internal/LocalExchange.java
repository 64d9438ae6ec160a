package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.internal.route.LocalHandling;
import dev.multiserver.balancer.internal.route.LocalHandling.NamedMiddleware;
import dev.multiserver.balancer.internal.route.RecordedEdits;
import dev.multiserver.balancer.internal.route.RequestView;
import dev.multiserver.balancer.internal.route.RouteMatch;
import dev.multiserver.balancer.route.LocalResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request on its way through the balancer's local handling: {@code forceHttps}, then the middleware in
 * order, then the local routes. It is answered here (a redirect, a middleware's response, a route's) or
 * handed to the proxy with the middleware's header edits ({@link FrontendHandler#proxy}). Middleware decide
 * on the request's head alone, so a request they let through is proxied, body and all, as if they were not
 * there; only a local route has the body read, whole and up to the limit. Handlers may complete on any thread;
 * what follows runs on the connection's event loop, and one that does not complete within the response
 * timeout is answered 504.
 */
final class LocalExchange extends ClientExchange {

    private static final Logger log = LoggerFactory.getLogger(LocalExchange.class);
    private static final byte[] NO_BODY = new byte[0];
    /** What the client is told when a handler failed or took too long; the log names the handler. */
    private static final String FAILED = "the request could not be handled";
    private static final String TOO_SLOW = "the request was not answered in time";

    private enum Phase { DECIDING, READING_BODY, HANDLING, DONE }

    private final FrontendHandler frontend;
    private final ChannelHandlerContext client;
    private final ClientConnection connection;
    private final ProxyContext proxy;
    private final LocalStage stage;
    private final HttpRequest request;
    private final boolean secure;
    private final boolean bodiless;
    private RecordedEdits edits;
    private Phase phase = Phase.DECIDING;
    private LazyTimeout timeout;
    /** Counts the waits for a handler, so that a completion (or expiry) of an earlier one is ignored. */
    private int wait;
    private String waitingFor;
    private RouteMatch match;
    private byte[] body = NO_BODY;
    private int bodyLength;

    LocalExchange(FrontendHandler frontend, ChannelHandlerContext client, ClientConnection connection,
            ProxyContext proxy, HttpRequest request) {
        this.frontend = frontend;
        this.client = client;
        this.connection = connection;
        this.proxy = proxy;
        this.stage = proxy.local();
        this.request = request;
        this.secure = "https".equals(connection.proto());
        this.bodiless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
    }

    @Override
    void start() {
        int httpsPort = stage.config().forceHttpsPort();
        if (httpsPort != LocalHandling.NO_FORCE_HTTPS && !secure) {
            redirectToHttps(httpsPort);
        } else if (stage.config().middleware().isEmpty()) {
            route();
        } else {
            edits = new RecordedEdits();
            runMiddleware(0, null);
        }
    }

    private void redirectToHttps(int httpsPort) {
        LocalResponse redirect;
        try {
            redirect = LocalResponse.redirect(308, HttpsRedirectHandler.httpsLocation(request, httpsPort));
        } catch (IllegalArgumentException e) {
            respondPlain(HttpResponseStatus.BAD_REQUEST, e.getMessage(), null, false);
            return;
        }
        respond(redirect, "force-https");
    }

    // ---- middleware and routes -----------------------------------------------------------------------

    /** Runs the middleware at {@code index}; {@code seen} is the view the one before saw, when still true. */
    private void runMiddleware(int index, RequestView seen) {
        List<NamedMiddleware> chain = stage.config().middleware();
        if (index == chain.size()) {
            route();
            return;
        }
        NamedMiddleware next = chain.get(index);
        RequestView view = seen != null ? seen : RequestView.of(request, connection.remote(), secure);
        edits.open();
        CompletionStage<LocalResponse> decided;
        try {
            decided = next.middleware().handle(view, edits);
        } catch (RuntimeException e) {
            edits.close();
            failed(next.name(), e);
            return;
        }
        await(decided, next.name(), response -> {
            boolean changed = edits.applyRequestEdits(request.headers());
            if (response != null) {
                respond(response, "middleware");
            } else {
                runMiddleware(index + 1, changed ? null : view);
            }
        });
    }

    /** The middleware let the request through: a local route answers it, or the proxy. */
    private void route() {
        match = stage.config().routes().match(request.method().name(), request.uri());
        if (match == null) {
            finish();
            frontend.proxy(request, stage.hooks(edits));
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > stage.config().maxBodySize()) {
            tooLarge();
            return;
        }
        if (!bodiless && HttpUtil.is100ContinueExpected(request)) {
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        if (declared > 0) {
            // Grown as the body arrives: a client that only claims a large body gets no large buffer.
            body = new byte[(int) Math.min(declared, 64 * 1024)];
        }
        phase = Phase.READING_BODY;
        armTimeout();
        frontend.readClient();
    }

    @Override
    boolean isRequestComplete() {
        return phase != Phase.READING_BODY;
    }

    @Override
    void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        try {
            if (phase != Phase.READING_BODY) {
                // Never asked for; the frontend delivers nothing unasked, but a stray part is dropped all the same.
                return;
            }
            if (content.decoderResult().isFailure()) {
                log.debug("bad request body from {}: {}", connection.remote(), content.decoderResult().cause().toString());
                respondPlain(HttpResponseStatus.BAD_REQUEST, "malformed request body ("
                        + content.decoderResult().cause().getMessage() + ")", null, true);
                return;
            }
            append(content.content());
        } finally {
            content.release();
        }
        if (phase != Phase.READING_BODY) {
            return;
        }
        if (last) {
            phase = Phase.HANDLING;
            if (timeout != null) {
                timeout.disarm();
            }
            // Keep one read pending: it shows a client that goes away, or holds its next request.
            frontend.readClient();
            callRoute();
        } else {
            armTimeout();
            frontend.readClient();
        }
    }

    private void append(ByteBuf bytes) {
        int length = bytes.readableBytes();
        int max = stage.config().maxBodySize();
        if ((long) bodyLength + length > max) {
            tooLarge();
            return;
        }
        if (bodyLength + length > body.length) {
            body = Arrays.copyOf(body, Math.max(bodyLength + length, Math.min(max, Math.max(8192, body.length * 2))));
        }
        bytes.getBytes(bytes.readerIndex(), body, bodyLength, length);
        bodyLength += length;
    }

    private void callRoute() {
        byte[] whole = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        body = NO_BODY;
        RequestView view = RequestView.of(request, connection.remote(), secure, match.pathParams(), whole);
        String name = match.route().name();
        String described = "local route " + name;
        CompletionStage<LocalResponse> answered;
        try {
            answered = match.route().handler().handle(view);
        } catch (RuntimeException e) {
            failed(described, e);
            return;
        }
        await(answered, described, response -> {
            if (response == null) {
                failed(described, new NullPointerException("it completed without a response"));
            } else {
                respond(response, name);
            }
        });
    }

    // ---- waiting for handlers ------------------------------------------------------------------------

    /**
     * Goes on with {@code then} on the event loop once {@code pending} completes (at once when it has), or
     * answers 500 when it failed, or 504 when it does not complete within the response timeout.
     */
    private void await(CompletionStage<LocalResponse> pending, String what, Consumer<LocalResponse> then) {
        if (pending == null) {
            if (edits != null) {
                edits.close();
            }
            failed(what, new NullPointerException("it returned null instead of a CompletionStage"));
            return;
        }
        int current = ++wait;
        waitingFor = what;
        pending.whenComplete((response, error) -> onEventLoop(() -> completed(current, response, error, then)));
        if (current == wait && phase != Phase.DONE) {
            // Not complete yet: it may complete on another thread later, or never.
            armTimeout();
        }
    }

    private void onEventLoop(Runnable task) {
        EventExecutor loop = client.executor();
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("the balancer stopped before {} completed", waitingFor);
        }
    }

    private void completed(int which, LocalResponse response, Throwable error, Consumer<LocalResponse> then) {
        if (which != wait || phase == Phase.DONE) {
            return;
        }
        wait++;
        if (timeout != null) {
            timeout.disarm();
        }
        if (edits != null) {
            edits.close();
        }
        if (error != null) {
            failed(waitingFor, error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error);
        } else {
            then.accept(response);
        }
    }

    private void armTimeout() {
        if (timeout == null) {
            timeout = new LazyTimeout(client.executor(), stage.responseTimeoutNanos(), this::timedOut);
        }
        timeout.arm(stage.responseTimeoutNanos());
    }

    private void timedOut() {
        if (phase == Phase.DONE) {
            return;
        }
        long millis = stage.responseTimeoutNanos() / 1_000_000;
        if (phase == Phase.READING_BODY) {
            log.debug("client {} sent no more of the body of {} {} for {} ms; giving up", connection.remote(),
                    request.method(), request.uri(), millis);
            respondPlain(HttpResponseStatus.REQUEST_TIMEOUT, "the request body was not received in time", null, true);
            return;
        }
        wait++;
        if (edits != null) {
            edits.close();
        }
        log.warn("{} did not answer {} {} within the response timeout ({} ms); answering 504", waitingFor,
                request.method(), request.uri(), millis);
        boolean keepAlive = keepAlive(false);
        write(stage.errorResponse(client.alloc(), request, connection, HttpResponseStatus.GATEWAY_TIMEOUT, TOO_SLOW,
                keepAlive), keepAlive, null);
    }

    // ---- answering -----------------------------------------------------------------------------------

    private void failed(String what, Throwable cause) {
        log.warn("{} failed for {} {} from {}", what, request.method(), request.uri(), connection.remote(), cause);
        respondPlain(HttpResponseStatus.INTERNAL_SERVER_ERROR, FAILED, match != null ? match.route().name()
                : "middleware", false);
    }

    private void tooLarge() {
        int max = stage.config().maxBodySize();
        log.debug("request body of {} {} from {} is larger than {} bytes", request.method(), request.uri(),
                connection.remote(), max);
        // The rest of the body is not read: the connection cannot be used for another request.
        respondPlain(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is larger than " + max
                + " bytes", match.route().name(), true);
    }

    /** Sends a user's response; {@code source} names what made it in the metrics. */
    private void respond(LocalResponse response, String source) {
        boolean keepAlive = keepAlive(false);
        write(LocalResponses.toHttp(response, request.protocolVersion(), keepAlive), keepAlive, source);
    }

    private void respondPlain(HttpResponseStatus status, String cause, String source, boolean close) {
        boolean keepAlive = keepAlive(close);
        write(ErrorResponses.of(client.alloc(), status, cause, keepAlive), keepAlive, source);
    }

    /**
     * Whether the connection may serve another request after this one: the client wants it, and nothing of
     * this request's body is left unread (a body a route did not ask for is not read).
     */
    private boolean keepAlive(boolean close) {
        return !close && HttpUtil.isKeepAlive(request) && (bodiless || phase == Phase.HANDLING)
                && !proxy.shutdown().isDraining();
    }

    private void write(FullHttpResponse response, boolean keepAlive, String source) {
        finish();
        if (edits != null) {
            edits.applyResponseEdits(response.headers());
        }
        if (source != null) {
            stage.responded(source, response.status().code());
        }
        client.writeAndFlush(response);
        frontend.exchangeEnded(this, keepAlive);
    }

    private void finish() {
        phase = Phase.DONE;
        wait++;
        body = NO_BODY;
        if (timeout != null) {
            timeout.cancel();
        }
    }

    // ---- the client ----------------------------------------------------------------------------------

    @Override
    void onClientClosed() {
        if (phase == Phase.DONE) {
            return;
        }
        log.debug("client {} went away before {} {} was answered", connection.remote(), request.method(),
                request.uri());
        finish();
        frontend.exchangeEnded(this, false);
    }

    @Override
    void onClientWritabilityChanged() {
        // A local response is written whole; there is nothing to hold back.
    }
}
