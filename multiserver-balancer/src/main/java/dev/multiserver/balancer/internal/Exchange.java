package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import dev.multiserver.balancer.algorithm.ExchangeOutcome.Kind;
import dev.multiserver.balancer.internal.tls.BackendHandshakeException;
import dev.multiserver.cache.CacheDecision;
import dev.multiserver.cache.CacheRequest;
import dev.multiserver.cache.CachedResponse;
import dev.multiserver.cache.ResponseStart;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, from the decoded request head to the last byte back to the client:
 * admission, choosing a backend, a pooled connection to it, and the streaming of both bodies with
 * backpressure (a side is read only while the other side can take what is read). When a backend fails
 * the request before answering and sending it again is safe, it goes to another backend (see
 * {@link dev.multiserver.balancer.RetryPolicy}). Every method runs on the client connection's event loop,
 * which the upstream connection shares.
 */
final class Exchange extends ClientExchange implements AdmissionQueue.Waiter, UpstreamListener {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    /** Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2). */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    private final FrontendHandler frontend;
    private final ChannelHandlerContext client;
    private final ClientConnection connection;
    private final ProxyContext proxy;
    private final HttpRequest request;
    private final ProxyHooks hooks;
    private final HttpVersion clientVersion;
    private final boolean headRequest;
    private final boolean requestChunked;
    private final boolean bodiless;
    private final boolean idempotent;
    private final boolean hostWasMissing;
    private final boolean webSocket;
    private boolean clientKeepAlive;
    /** The edge cache's part in this exchange; null without a cache, or until it decided to forward. */
    private EdgeCacheCall cacheCall;
    /** The client got its response from the cache after all: the backend's is read to its end and dropped. */
    private boolean discardingResponse;

    private AdmissionQueue.Ticket ticket;
    private boolean holdsPermit;
    private HttpRequestContext pickContext;
    private TrackedBackend backend;
    private final List<TrackedBackend> tried = new ArrayList<>(1);
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private boolean upstreamReusable;
    private boolean upstreamWasReused;
    private boolean headSent;
    private boolean resentOnNewConnection;
    /** Copies of the request body sent so far, to send it again on a retry; null when it cannot be. */
    private List<HttpContent> heldBody;
    private long heldBytes;

    private boolean requestComplete;
    private boolean responseStarted;
    private boolean inInterimResponse;
    private boolean done;
    private boolean outcomeReported;
    private boolean awaitingUpstreamWritable;
    private boolean awaitingClientWritable;

    private long headSentNanos;
    private int status;
    private Duration latency = Duration.ZERO;

    Exchange(FrontendHandler frontend, ChannelHandlerContext client, ClientConnection connection,
            ProxyContext proxy, HttpRequest request, ProxyHooks hooks) {
        this.frontend = frontend;
        this.client = client;
        this.connection = connection;
        this.proxy = proxy;
        this.request = request;
        this.hooks = hooks;
        this.clientVersion = request.protocolVersion();
        this.headRequest = HttpMethod.HEAD.equals(request.method());
        this.requestChunked = HttpUtil.isTransferEncodingChunked(request);
        this.bodiless = !requestChunked && HttpUtil.getContentLength(request, 0L) == 0;
        this.idempotent = IDEMPOTENT.contains(request.method());
        this.hostWasMissing = !request.headers().contains(HttpHeaderNames.HOST);
        this.webSocket = WebSocketHandshake.isRequested(request);
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        if (idempotent && !bodiless && proxy.config().retries().maxAttempts() > 1
                && proxy.config().retries().maxHeldBodyBytes() > 0) {
            heldBody = new ArrayList<>(2);
        }
    }

    boolean isRequestComplete() {
        return requestComplete;
    }

    // ---- admission and connecting ------------------------------------------------------------------

    void start() {
        EdgeCache cache = proxy.edgeCache();
        if (cache == null || webSocket) {
            enterAdmission();
            return;
        }
        CacheRequest asked = EdgeCache.toCacheRequest(request);
        CompletableFuture<CacheDecision> decision = cache.cache().decide(asked);
        if (decision.isDone()) {
            decided(decision.join(), asked);
        } else {
            // a remote store answers on its own threads: everything here runs on the client's event loop
            decision.thenAccept(decided -> client.channel().eventLoop().execute(() -> decided(decided, asked)));
        }
    }

    /** Serves the cache's answer without a backend, or forwards the request as the cache asks. */
    private void decided(CacheDecision decision, CacheRequest asked) {
        if (decision instanceof CacheDecision.Serve serve) {
            serve.background().ifPresent(revalidation -> Revalidator.send(proxy, client.channel().eventLoop(),
                    connection, revalidation));
            if (!done) {
                respondFromCache(serve.response(), bodiless);
                end();
            }
            return;
        }
        CacheDecision.Forward forward = (CacheDecision.Forward) decision;
        cacheCall = new EdgeCacheCall(forward.admission());
        if (done) {
            cacheCall.end();
            return;
        }
        EdgeCache.applyHeaders(request.headers(), forward.upstreamRequest().headers(), asked.headers());
        enterAdmission();
    }

    /**
     * Writes a response the cache made (a hit, a stale copy, a refreshed entry) as one message.
     * {@code requestRead} says whether the client's connection may carry a next request after it.
     */
    private void respondFromCache(CachedResponse cached, boolean requestRead) {
        responseStarted = true;
        status = cached.status();
        boolean keepAlive = clientKeepAlive && requestRead && !proxy.shutdown().isDraining();
        FullHttpResponse response = proxy.edgeCache().toHttp(cached);
        clientKeepAlive = MessageHeads.toClient(response, clientVersion, headRequest, keepAlive, false);
        hooks.editResponse(response.headers());
        client.writeAndFlush(response);
    }

    private void enterAdmission() {
        ticket = proxy.admission().enter(client.channel().eventLoop(), this);
        if (ticket.isAdmitted()) {
            admitted();
        } else if (ticket.isRejected()) {
            respondWithError(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests are waiting for a backend",
                    true);
        }
    }

    @Override
    public void admitted() {
        holdsPermit = true;
        if (done) {
            releasePermit();
            return;
        }
        pickContext = new HttpRequestContext(request, connection.remote(), "https".equals(connection.proto()));
        proxy.retryBudget().requestStarted();
        if (pickBackend()) {
            connect();
        } else {
            // Does nothing when the algorithm failed: the client has its answer already.
            respondWithError(HttpResponseStatus.SERVICE_UNAVAILABLE, "no backend is available", true);
        }
    }

    /**
     * Makes a backend not tried yet the exchange's backend. False when there is none, or when the algorithm
     * failed (the client is then answered with 503).
     */
    private boolean pickBackend() {
        TrackedBackend chosen;
        try {
            chosen = proxy.backends().pick(pickContext, tried);
        } catch (RuntimeException e) {
            log.error("algorithm {} failed to pick a backend for {} {}", proxy.backends().algorithm(),
                    request.method(), request.uri(), e);
            respondWithError(HttpResponseStatus.SERVICE_UNAVAILABLE, "no backend could be chosen", false);
            return false;
        }
        if (chosen == null) {
            return false;
        }
        backend = chosen;
        tried.add(chosen);
        outcomeReported = false;
        chosen.exchangeStarted();
        headSentNanos = System.nanoTime();
        return true;
    }

    private void connect() {
        Future<Channel> attempt = proxy.pools().acquire(backend.backend(), client.channel().eventLoop());
        if (attempt.isDone()) {
            connected(attempt);
        } else {
            attempt.addListener(f -> connected(attempt));
        }
    }

    @Override
    public void timedOut() {
        respondWithError(HttpResponseStatus.SERVICE_UNAVAILABLE,
                "no backend could take the request within the queue timeout", true);
    }

    private void connected(Future<Channel> attempt) {
        if (!attempt.isSuccess()) {
            if (done) {
                return;
            }
            Throwable cause = attempt.cause();
            boolean timedOut = cause instanceof ConnectTimeoutException;
            // A failed TLS handshake says itself which backend and why, in words fit for the client too.
            String handshakeFailure = cause instanceof BackendHandshakeException ? cause.getMessage() : null;
            if (handshakeFailure != null) {
                log.warn("{}", handshakeFailure);
            } else {
                log.warn("cannot connect to backend {}: {}", backend.backend().authority(), cause.toString());
            }
            finishOutcome(Kind.CONNECT_FAILED);
            // Nothing of the request left the balancer: any method may go to another backend.
            if (retryOnAnotherBackend(handshakeFailure != null ? "failed the TLS handshake" : "could not connect")) {
                return;
            }
            respondWithError(timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                    timedOut ? "the backend did not accept the connection in time"
                             : handshakeFailure != null ? handshakeFailure : "the backend refused the connection",
                    false);
            return;
        }
        Channel channel = attempt.getNow();
        if (done) {
            proxy.pools().release(backend.backend(), channel, UpstreamHandler.of(channel));
            return;
        }
        upstream = channel;
        upstreamHandler = UpstreamHandler.of(channel);
        upstreamWasReused = upstreamHandler.isReused();
        upstreamHandler.attach(this);
        headSentNanos = System.nanoTime();
        if (headSent) {
            resend();
            return;
        }
        headSent = true;
        HttpRequest head = MessageHeads.toBackend(request, requestChunked, connection, backend.backend().authority(),
                proxy.config().forwardedHeader());
        if (webSocket) {
            WebSocketHandshake.restoreUpgradeHeaders(head.headers());
        }
        upstream.writeAndFlush(head, upstream.voidPromise());
        upstream.read();
        frontend.readClient();
    }

    /** Sends the request again, as far as the client has sent it: head (rewritten already) and held body. */
    private void resend() {
        if (hostWasMissing) {
            request.headers().set(HttpHeaderNames.HOST, backend.backend().authority());
        }
        upstream.write(request, upstream.voidPromise());
        if (heldBody != null) {
            for (HttpContent content : heldBody) {
                upstream.write(content.retainedDuplicate(), upstream.voidPromise());
            }
        } else if (requestComplete) {
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        }
        upstream.flush();
        upstream.read();
        if (!requestComplete) {
            frontend.readClient();
        }
    }

    /**
     * Whether sending the request again cannot change the outcome: nothing of a response came back, the
     * method is idempotent, and the body (if any) is held whole.
     */
    private boolean canBeSentAgain() {
        return !responseStarted && !inInterimResponse && idempotent
                && (bodiless || (heldBody != null && requestComplete));
    }

    /** Tries the request on a backend not tried yet, when attempts and the retry budget allow. */
    private boolean retryOnAnotherBackend(String why) {
        if (tried.size() >= proxy.config().retries().maxAttempts() || proxy.shutdown().isDraining()) {
            return false;
        }
        if (!proxy.retryBudget().tryRetry()) {
            proxy.metrics().retryDeniedByBudget();
            log.debug("not retrying {} {}: the retry budget is spent", request.method(), request.uri());
            return false;
        }
        TrackedBackend failed = backend;
        pickContext.clearResponseHeaders();
        if (!pickBackend()) {
            return false;
        }
        proxy.metrics().retried(failed);
        log.info("backend {} {}; retrying {} {} on {}", failed.backend().authority(), why, request.method(),
                request.uri(), backend.backend().authority());
        connect();
        return true;
    }

    // ---- client to backend ---------------------------------------------------------------------------

    /** A piece of the request body (or its end), read from the client. */
    void onRequestContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            content.release();
            abortOnBadRequestBody(content.decoderResult().cause());
            return;
        }
        if (done) {
            content.release();
            return;
        }
        if (upstream == null) {
            content.release();
            throw new IllegalStateException("request body read before the upstream connection was ready");
        }
        boolean last = content instanceof LastHttpContent;
        if (heldBody != null) {
            hold(content);
        }
        upstream.writeAndFlush(content, upstream.voidPromise());
        upstreamHandler.activity();
        if (last) {
            requestComplete = true;
            // Keep one read pending: it shows a client that goes away, or holds its next request.
            frontend.readClient();
        } else if (upstream.isWritable()) {
            frontend.readClient();
        } else {
            awaitingUpstreamWritable = true;
        }
    }

    /** Keeps a copy of a body part while the whole body stays small enough to be sent again. */
    private void hold(HttpContent content) {
        heldBytes += content.content().readableBytes();
        if (heldBytes > proxy.config().retries().maxHeldBodyBytes()) {
            releaseHeldBody();
            return;
        }
        heldBody.add(content.retainedDuplicate());
    }

    private void releaseHeldBody() {
        if (heldBody != null) {
            heldBody.forEach(HttpContent::release);
            heldBody = null;
        }
    }

    @Override
    public void onUpstreamWritabilityChanged() {
        if (awaitingUpstreamWritable && upstream.isWritable()) {
            awaitingUpstreamWritable = false;
            frontend.readClient();
        }
    }

    // ---- backend to client ---------------------------------------------------------------------------

    @Override
    public void onResponseHead(HttpResponse response) {
        if (done) {
            return;
        }
        if (webSocket && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            openTunnel(response);
            return;
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // 100 Continue and friends pass through; the final response is still to come.
            inInterimResponse = true;
            MessageHeads.toClient(response, clientVersion, headRequest, true, true);
            client.write(response);
            readMoreResponse();
            return;
        }
        responseStarted = true;
        releaseHeldBody();
        status = response.status().code();
        latency = Duration.ofNanos(System.nanoTime() - headSentNanos);
        upstreamReusable = HttpUtil.isKeepAlive(response);
        if (cacheCall != null && answeredByCache(response)) {
            return;
        }
        // A backend that answers before the whole request was sent leaves the client mid-body: close.
        boolean keepAlive = clientKeepAlive && requestComplete && !proxy.shutdown().isDraining();
        clientKeepAlive = MessageHeads.toClient(response, clientVersion, headRequest, keepAlive, true);
        pickContext.addResponseHeadersTo(response.headers());
        hooks.editResponse(response.headers());
        client.write(response);
        readMoreResponse();
    }

    /**
     * Tells the cache the response head arrived. True when the client is answered from the cache instead (a stale
     * copy for an error, the stored entry the backend just confirmed with 304): the backend's body is then read
     * and dropped, so the connection can go back to the pool.
     */
    private boolean answeredByCache(HttpResponse response) {
        CachedResponse instead;
        if (EdgeCache.isUpstreamError(status)) {
            instead = cacheCall.onError(status).orElse(null);
        } else {
            ResponseStart start = cacheCall.onResponse(status, response.headers());
            instead = start.replacement().orElse(null);
            if (instead == null) {
                EdgeCache.applyHeaders(response.headers(), start.clientHeaders(), null);
            }
        }
        if (instead == null) {
            return false;
        }
        discardingResponse = true;
        respondFromCache(instead, requestComplete);
        upstream.read();
        return true;
    }

    @Override
    public void onResponseContent(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (inInterimResponse) {
            inInterimResponse = !last;
            client.write(content);
            readMoreResponse();
            return;
        }
        if (discardingResponse) {
            content.release();
            if (!last) {
                upstream.read();
                return;
            }
        } else if (cacheCall != null) {
            // copied before the write: once written, the buffer belongs to the client's pipeline
            cacheCall.append(content.content());
            if (last) {
                cacheCall.complete();
            }
        }
        if (last) {
            if (!discardingResponse) {
                client.writeAndFlush(content);
            }
            if (requestComplete) {
                complete();
            } else {
                finishOutcome(Kind.RESPONDED);
                clientKeepAlive = false;
                closeUpstream();
                end();
            }
            return;
        }
        client.write(content);
        readMoreResponse();
    }

    /** Reads on from the backend while the client keeps up; otherwise waits for it to drain. */
    private void readMoreResponse() {
        if (!client.channel().isWritable()) {
            // Flushing may make the channel writable again at once, and tell no one: check after it.
            client.flush();
        }
        if (client.channel().isWritable()) {
            upstream.read();
        } else {
            awaitingClientWritable = true;
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        client.flush();
    }

    void onClientWritabilityChanged() {
        if (awaitingClientWritable && upstream != null && client.channel().isWritable()) {
            awaitingClientWritable = false;
            upstream.read();
        }
    }

    /**
     * The backend accepted the WebSocket: the 101 goes to the client, and both connections leave HTTP for
     * a {@link WebSocketTunnel}. The handshake counts as the exchange (its latency, its status); the tunnel
     * is counted on its own.
     */
    private void openTunnel(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        latency = Duration.ofNanos(System.nanoTime() - headSentNanos);
        HopByHopHeaders.strip(response.headers());
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        pickContext.addResponseHeadersTo(response.headers());
        hooks.editResponse(response.headers());
        WebSocketHandshake.restoreUpgradeHeaders(response.headers());
        client.write(response);
        client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        Channel backendChannel = upstream;
        upstream = null;
        WebSocketTunnel.open(client.channel(), backendChannel, backend, proxy.backends(),
                proxy.config().webSocketIdleTimeout().toNanos());
        finishOutcome(Kind.RESPONDED);
        done = true;
        releasePermit();
    }

    // ---- endings -------------------------------------------------------------------------------------

    /** The upstream connection closed or failed before the exchange was over. */
    @Override
    public void onUpstreamClosed(Throwable cause) {
        if (done) {
            return;
        }
        String backendName = backend == null ? "?" : backend.backend().authority();
        if (upstreamWasReused && !resentOnNewConnection && canBeSentAgain()) {
            // A backend may close an idle connection just as it is reused: that says nothing about it.
            log.debug("reused connection to {} closed before answering; resending on a new one", backendName);
            resentOnNewConnection = true;
            closeUpstream();
            connect();
            return;
        }
        if (cause != null) {
            log.warn("connection to backend {} failed: {}", backendName, cause.toString());
        }
        finishOutcome(Kind.BROKEN);
        closeUpstream();
        if (canBeSentAgain() && retryOnAnotherBackend("closed the connection before answering")) {
            return;
        }
        if (!responseStarted) {
            respondWithError(HttpResponseStatus.BAD_GATEWAY,
                    "the backend closed the connection without a complete response", false);
        } else {
            log.warn("backend {} closed the connection in the middle of a response; closing the client", backendName);
            abortClient();
        }
    }

    /** The client connection closed: give up, and never reuse an upstream connection left mid-exchange. */
    void onClientClosed() {
        if (done) {
            return;
        }
        if (ticket != null) {
            ticket.cancel();
        }
        finishOutcome(Kind.CANCELLED);
        closeUpstream();
        end();
    }

    private void abortOnBadRequestBody(Throwable cause) {
        if (done) {
            return;
        }
        log.debug("bad request body from {}: {}", connection.remote(), cause.toString());
        finishOutcome(Kind.CANCELLED);
        closeUpstream();
        if (!responseStarted) {
            respondWithError(HttpResponseStatus.BAD_REQUEST, "malformed request body (" + cause.getMessage() + ")",
                    false);
        } else {
            abortClient();
        }
    }

    /** The backend showed no sign of life for the response timeout while this exchange was with it. */
    @Override
    public void onResponseTimeout() {
        if (done) {
            return;
        }
        log.warn("backend {} sent nothing for {} ms; giving up", backend.backend().authority(),
                proxy.config().responseTimeout().toMillis());
        finishOutcome(Kind.TIMED_OUT);
        closeUpstream();
        if (!responseStarted) {
            respondWithError(HttpResponseStatus.GATEWAY_TIMEOUT, "the backend did not respond in time", false);
        } else {
            abortClient();
        }
    }

    private void complete() {
        finishOutcome(Kind.RESPONDED);
        if (upstreamReusable && upstream.isActive()) {
            upstreamHandler.detach();
            proxy.pools().release(backend.backend(), upstream, upstreamHandler);
            upstream = null;
        } else {
            closeUpstream();
        }
        end();
    }

    /**
     * Answers the client with the balancer's own error. The connection stays open only when the whole
     * request was read, otherwise the rest of its body would be taken for the next request.
     */
    private void respondWithError(HttpResponseStatus errorStatus, String cause, boolean retryLater) {
        if (done) {
            return;
        }
        if (responseStarted) {
            abortClient();
            return;
        }
        if (cacheCall != null && EdgeCache.isUpstreamError(errorStatus.code())) {
            CachedResponse stale = cacheCall.onError(0).orElse(null);
            if (stale != null) {
                respondFromCache(stale, requestComplete);
                end();
                return;
            }
        }
        responseStarted = true;
        status = errorStatus.code();
        clientKeepAlive = clientKeepAlive && requestComplete && !proxy.shutdown().isDraining();
        var response = hooks.errorResponse(client.alloc(), request, connection, errorStatus, cause, clientKeepAlive);
        if (retryLater) {
            long seconds = Math.max(1, (proxy.config().queueTimeout().toMillis() + 999) / 1000);
            response.headers().set("Retry-After", Long.toString(seconds));
        }
        client.writeAndFlush(response);
        end();
    }

    private void abortClient() {
        clientKeepAlive = false;
        client.channel().close();
        end();
    }

    private void closeUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            upstream.close();
            upstream = null;
        }
    }

    /** Tells the algorithm how the exchange with the chosen backend went, once. */
    private void finishOutcome(Kind kind) {
        if (backend == null || outcomeReported) {
            return;
        }
        outcomeReported = true;
        if (!responseStarted) {
            latency = Duration.ofNanos(System.nanoTime() - headSentNanos);
        }
        proxy.backends().exchangeEnded(backend, new ExchangeOutcome(kind, status, latency));
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        releaseHeldBody();
        releasePermit();
        if (cacheCall != null) {
            cacheCall.end();
        }
        frontend.exchangeEnded(this, clientKeepAlive);
    }

    private void releasePermit() {
        if (holdsPermit) {
            holdsPermit = false;
            proxy.admission().release();
        }
    }

}
