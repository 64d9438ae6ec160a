package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.internal.route.LocalHandling;
import dev.multiserver.balancer.internal.route.RecordedEdits;
import dev.multiserver.balancer.internal.route.RequestView;
import dev.multiserver.balancer.route.FallbackHandler;
import dev.multiserver.balancer.route.LocalResponse;
import dev.multiserver.balancer.route.ProxyError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One balancer's local handling while it runs: the settings, the fallback pages, and the counter of the
 * responses the balancer made itself ({@code multiserver.local.responses}, by route and status), kept apart
 * from the backends' meters so that neither is mistaken for the other.
 */
final class LocalStage {

    private static final Logger log = LoggerFactory.getLogger(LocalStage.class);

    private final LocalHandling config;
    private final long responseTimeoutNanos;
    private final MeterRegistry registry;
    private final Map<String, Counter> responses = new ConcurrentHashMap<>();
    private final ProxyHooks hooks;

    LocalStage(LocalHandling config, Duration responseTimeout, MeterRegistry registry) {
        this.config = config;
        this.responseTimeoutNanos = responseTimeout.toNanos();
        this.registry = registry;
        this.hooks = config.hasFallbacks() ? new ProxyHooks(this, null) : ProxyHooks.NONE;
    }

    LocalHandling config() {
        return config;
    }

    /** Whether requests must pass through a {@link LocalExchange} before they may be proxied. */
    boolean answersRequests() {
        return config.answersRequests();
    }

    long responseTimeoutNanos() {
        return responseTimeoutNanos;
    }

    /** What the proxy applies to a request that middleware let through with {@code edits} (may be null). */
    ProxyHooks hooks(RecordedEdits edits) {
        return edits == null ? hooks : new ProxyHooks(this, edits);
    }

    /** Counts a response made locally: {@code route} is the route's name, {@code middleware} or {@code force-https}. */
    void responded(String route, int status) {
        responses.computeIfAbsent(route + ' ' + status, key -> Counter.builder("multiserver.local.responses")
                .description("Responses the balancer made itself: local routes, middleware answers, HTTPS redirects")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry))
                .increment();
    }

    /** The fallback's page for a balancer error when there is one (and it makes one), else short plain text. */
    FullHttpResponse errorResponse(ByteBufAllocator alloc, HttpRequest request, ClientConnection connection,
            HttpResponseStatus status, String cause, boolean keepAlive) {
        FallbackHandler fallback = config.fallback(status.code());
        if (fallback != null) {
            LocalResponse page = null;
            try {
                page = fallback.handle(RequestView.of(request, connection.remote(), "https".equals(connection.proto())),
                        new ProxyError(status.code(), cause));
                if (page == null) {
                    log.warn("fallback for {} returned no response for {} {}; sending the plain error",
                            status.code(), request.method(), request.uri());
                }
            } catch (Exception e) {
                log.warn("fallback for {} failed for {} {}; sending the plain error", status.code(), request.method(),
                        request.uri(), e);
            }
            if (page != null) {
                FullHttpResponse response = LocalResponses.toHttp(page, HttpVersion.HTTP_1_1, keepAlive);
                if (!response.headers().contains(HttpHeaderNames.CACHE_CONTROL)) {
                    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
                }
                return response;
            }
        }
        return ErrorResponses.of(alloc, status, cause, keepAlive);
    }
}
