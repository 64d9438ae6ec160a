package dev.multiserver.servlet.cache;

import static java.util.Objects.requireNonNull;

import dev.multiserver.cache.CacheDecision;
import dev.multiserver.cache.CacheRequest;
import dev.multiserver.cache.ResponseCache;
import dev.multiserver.cache.Revalidation;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches the responses of any Jakarta Servlet 6 application in a {@link ResponseCache}, with the semantics of an
 * RFC 9111 shared cache: what may be stored is copied while it streams to the client, later requests are answered
 * from the cache, concurrent misses for one key make one call to the application. Map it first, to the
 * {@code REQUEST} dispatch:
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.builder()
 *         .rule(CacheRule.path("/static/*").defaultTtl(Duration.ofMinutes(5)))
 *         .build();
 * context.addFilter(new FilterHolder(ResponseCacheFilter.builder(cache).build()), "/*",
 *         EnumSet.of(DispatcherType.REQUEST));
 * cache.purge("/static/app.css");      // the cache stays yours: purge it, read its metrics, close it
 * }</pre>
 *
 * <p>What it does with a request:
 * <ul>
 *   <li>Answered from the cache: status, headers (with {@code Age} and {@code X-Cache}) and body are written, and
 *       the application is not called. A stale answer under {@code stale-while-revalidate} is written completely
 *       (with its Content-Length) and flushed first; then the application runs again on the same thread, with a
 *       response that only the cache sees, to refresh the entry. The client has its answer at once; the request
 *       thread (and, over HTTP/1.1, that connection's next request) waits for the refresh.</li>
 *   <li>Forwarded: the application runs with the cache's conditional headers in place of the client's. When its
 *       response head becomes final (the first body byte, a flush, or its end), the cache sees status and
 *       headers, and the body is copied into the cache as it streams to the client (up to the cache's maximum
 *       object size). A 5xx, a {@code sendError} 5xx or an exception before anything was written is answered with
 *       the stale copy when {@code stale-if-error} allows it. Responses the container writes ({@code sendError},
 *       {@code sendRedirect}) and responses that go asynchronous ({@code startAsync}) are never stored.</li>
 *   <li>Other methods reach the application untouched but for the cache status header; a successful POST, PUT,
 *       DELETE or PATCH makes the cache drop what it holds for that target.</li>
 * </ul>
 *
 * <p>The filter never closes the cache: whoever built it does, after the application stops.
 */
public final class ResponseCacheFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(ResponseCacheFilter.class);

    private final ResponseCache cache;
    private final Duration decisionTimeout;

    ResponseCacheFilter(ResponseCache cache, Duration decisionTimeout) {
        this.cache = cache;
        this.decisionTimeout = decisionTimeout;
    }

    /** A builder of a filter over {@code cache}; the caller closes the cache. */
    public static ResponseCacheFilterBuilder builder(ResponseCache cache) {
        return new ResponseCacheFilterBuilder(requireNonNull(cache, "cache"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        CacheRequest cacheRequest;
        try {
            cacheRequest = new CacheRequest(httpRequest.getMethod(), target(httpRequest),
                    ServletHeaders.of(httpRequest));
        } catch (IllegalArgumentException unusable) {
            log.debug("response cache: not considering {} {}: {}", httpRequest.getMethod(),
                    httpRequest.getRequestURI(), unusable.getMessage());
            chain.doFilter(request, response);
            return;
        }
        CacheDecision decision = decide(cacheRequest);
        if (decision == null) {
            chain.doFilter(request, response);
        } else if (decision instanceof CacheDecision.Serve serve) {
            CachedResponses.write(httpResponse, serve.response());
            if (serve.background().isPresent()) {
                revalidate(httpRequest, httpResponse, chain, serve.background().get());
            }
        } else {
            forward(httpRequest, httpResponse, chain, (CacheDecision.Forward) decision);
        }
    }

    /** The cache's decision, or null when it did not come in time (the request then goes through uncached). */
    private CacheDecision decide(CacheRequest request) {
        CompletableFuture<CacheDecision> decision = cache.decide(request);
        try {
            return decision.get(decisionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            log.warn("response cache: no decision for {} {} within {}; passing it through uncached",
                    request.method(), request.target(), decisionTimeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException cannotHappen) {
            log.warn("response cache: deciding {} {} failed; passing it through uncached", request.method(),
                    request.target(), cannotHappen.getCause());
            return null;
        }
        // an exchange nobody will feed would hold requests collapsed behind it until their timeout
        decision.thenAccept(ResponseCacheFilter::release);
        return null;
    }

    private static void release(CacheDecision unused) {
        if (unused instanceof CacheDecision.Forward forward) {
            forward.admission().abandon();
        } else if (unused instanceof CacheDecision.Serve serve) {
            serve.background().ifPresent(revalidation -> revalidation.admission().abandon());
        }
    }

    private static void forward(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheDecision.Forward forward) throws IOException, ServletException {
        HttpServletRequest upstream = UpstreamRequest.of(request, forward.upstreamRequest());
        ForwardedResponse forwarded = new ForwardedResponse(response, forward.admission());
        try {
            chain.doFilter(upstream, forwarded);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            if (!request.isAsyncStarted() && forwarded.failed()) {
                log.warn("response cache: {} {} failed; served the stale copy stale-if-error allows: {}",
                        request.getMethod(), request.getRequestURI(), e.toString());
                return;
            }
            throw e;
        }
        if (request.isAsyncStarted()) {
            forwarded.detach();
            return;
        }
        forwarded.finish();
    }

    private static void revalidate(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            Revalidation revalidation) {
        HttpServletRequest upstream = UpstreamRequest.of(request, revalidation.request());
        RevalidationResponse refresh = new RevalidationResponse(response, revalidation.admission());
        try {
            chain.doFilter(upstream, refresh);
            if (request.isAsyncStarted()) {
                refresh.detach();
            } else {
                refresh.finish();
            }
        } catch (IOException | ServletException | RuntimeException e) {
            refresh.failed();
            log.warn("response cache: refreshing {} failed: {}", request.getRequestURI(), e.toString());
        }
    }

    private static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    @Override
    public String toString() {
        return "ResponseCacheFilter(" + cache + ")";
    }
}
