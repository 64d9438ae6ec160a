package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.algorithm.ExchangeOutcome;
import dev.multiserver.balancer.algorithm.ExchangeOutcome.Kind;
import dev.multiserver.cache.Admission;
import dev.multiserver.cache.BodyRecorder;
import dev.multiserver.cache.Revalidation;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes a stale cache entry in the background (stale-while-revalidate): the client already has the stale copy,
 * so this sends the cache's conditional request to a backend the algorithm picks, over a pooled connection, and
 * feeds the answer to the engine. It takes no admission slot and is never retried; a failure leaves the stale entry
 * as it was. Runs on one event loop from start to end.
 */
final class Revalidator implements UpstreamListener {

    private static final Logger log = LoggerFactory.getLogger(Revalidator.class);

    private final ProxyContext proxy;
    private final FullHttpRequest request;
    private final Admission admission;
    private TrackedBackend backend;
    private Channel upstream;
    private UpstreamHandler handler;
    private BodyRecorder recorder;
    private boolean discarding;
    private boolean reusable;
    private int status;
    private long startNanos;
    private boolean done;

    private Revalidator(ProxyContext proxy, FullHttpRequest request, Admission admission) {
        this.proxy = proxy;
        this.request = request;
        this.admission = admission;
    }

    /** Starts the revalidation on {@code loop}, on behalf of the client whose request found the entry stale. */
    static void send(ProxyContext proxy, EventLoop loop, ClientConnection client, Revalidation revalidation) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(revalidation.request().method()), revalidation.request().target(),
                Unpooled.EMPTY_BUFFER);
        for (Map.Entry<String, String> field : revalidation.request().headers().entries()) {
            request.headers().add(field.getKey(), field.getValue());
        }
        HttpUtil.setTransferEncodingChunked(request, false);
        request.headers().remove("Content-Length");
        Revalidator revalidator = new Revalidator(proxy, request, revalidation.admission());
        loop.execute(() -> revalidator.start(loop, client));
    }

    private void start(EventLoop loop, ClientConnection client) {
        HttpRequestContext context = new HttpRequestContext(request, client.remote(), "https".equals(client.proto()));
        try {
            backend = proxy.backends().pick(context, List.of());
        } catch (RuntimeException e) {
            log.warn("algorithm {} failed to pick a backend to revalidate {}", proxy.backends().algorithm(),
                    request.uri(), e);
        }
        if (backend == null) {
            fail("no backend is available");
            return;
        }
        backend.exchangeStarted();
        startNanos = System.nanoTime();
        Future<Channel> attempt = proxy.pools().acquire(backend.backend(), loop);
        if (attempt.isDone()) {
            connected(attempt, client);
        } else {
            attempt.addListener(f -> connected(attempt, client));
        }
    }

    private void connected(Future<Channel> attempt, ClientConnection client) {
        if (!attempt.isSuccess()) {
            outcome(Kind.CONNECT_FAILED);
            fail("cannot connect to " + backend.backend().authority() + ": " + attempt.cause());
            return;
        }
        upstream = attempt.getNow();
        handler = UpstreamHandler.of(upstream);
        handler.attach(this);
        MessageHeads.toBackend(request, false, client, backend.backend().authority(),
                proxy.config().forwardedHeader());
        upstream.writeAndFlush(request, upstream.voidPromise());
        upstream.read();
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        if (done || response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return;
        }
        status = response.status().code();
        reusable = HttpUtil.isKeepAlive(response);
        if (EdgeCache.isUpstreamError(status)) {
            admission.onError(status);
            discarding = true;
        } else {
            recorder = admission.onResponse(status, EdgeCache.toCacheHeaders(response.headers())).recorder()
                    .orElse(null);
            discarding = recorder == null;
        }
    }

    @Override
    public void onResponseContent(HttpContent content) {
        try {
            if (done || (status == 0)) {
                return;
            }
            if (!discarding) {
                recorder.append(content.content().nioBuffer());
            }
            if (!(content instanceof LastHttpContent)) {
                upstream.read();
                return;
            }
            if (!discarding) {
                recorder.complete();
            }
            done = true;
            outcome(Kind.RESPONDED);
            handler.detach();
            if (reusable && upstream.isActive()) {
                proxy.pools().release(backend.backend(), upstream, handler);
            } else {
                upstream.close();
            }
        } finally {
            content.release();
        }
    }

    @Override
    public void onUpstreamReadComplete() {
    }

    @Override
    public void onUpstreamWritabilityChanged() {
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        broke(Kind.BROKEN, "the connection to " + backend.backend().authority() + " closed"
                + (cause == null ? "" : ": " + cause));
    }

    @Override
    public void onResponseTimeout() {
        broke(Kind.TIMED_OUT, backend.backend().authority() + " sent nothing for "
                + proxy.config().responseTimeout().toMillis() + " ms");
    }

    private void broke(Kind kind, String why) {
        if (done) {
            return;
        }
        handler.detach();
        upstream.close();
        outcome(kind);
        if (recorder != null) {
            done = true;
            recorder.abort();
            log.debug("revalidating {}: {}", request.uri(), why);
        } else if (status == 0) {
            fail(why);
        } else {
            done = true;
        }
    }

    private void fail(String why) {
        done = true;
        log.debug("revalidating {}: {}", request.uri(), why);
        admission.onError(0);
    }

    private void outcome(Kind kind) {
        proxy.backends().exchangeEnded(backend, new ExchangeOutcome(kind, status,
                Duration.ofNanos(System.nanoTime() - startNanos)));
    }
}
