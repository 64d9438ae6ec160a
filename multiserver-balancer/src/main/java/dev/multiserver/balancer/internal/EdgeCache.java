package dev.multiserver.balancer.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.CacheMetrics;
import dev.multiserver.cache.CacheRequest;
import dev.multiserver.cache.CachedResponse;
import dev.multiserver.cache.ResponseCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The balancer's side of its edge cache: turns Netty messages into the engine's values and back, and publishes the
 * engine's counters as meters ({@code multiserver.cache.requests} by result, {@code multiserver.cache.bytes}, …).
 * Policy is the engine's; this class only translates.
 */
final class EdgeCache {

    /**
     * Cached headers were validated when a backend's response was decoded; the ones the engine adds (Age, the
     * status header) are its own: validating them again on every hit would cost for nothing.
     */
    private static final HttpHeadersFactory TRUSTED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final ResponseCache cache;
    /**
     * Response head templates by the engine's header list (by identity, held weakly: a list the engine no longer
     * hands out goes with its template).
     */
    private final Cache<CacheHeaders, HttpHeaders> prepared = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(10_000)
            .executor(Runnable::run)
            .build();

    EdgeCache(ResponseCache cache, MeterRegistry registry) {
        this.cache = cache;
        counter(registry, "hit", CacheMetrics::hits);
        counter(registry, "miss", CacheMetrics::misses);
        counter(registry, "stale", CacheMetrics::stale);
        counter(registry, "bypass", CacheMetrics::bypasses);
        FunctionCounter.builder("multiserver.cache.stored", cache, c -> c.metrics().stored())
                .description("Responses the edge cache stored").register(registry);
        FunctionCounter.builder("multiserver.cache.not.stored", cache, c -> c.metrics().notStored())
                .description("Responses to cacheable requests the edge cache could not store").register(registry);
        gauge(registry, "multiserver.cache.evictions", "Entries evicted to stay within the byte bound",
                CacheMetrics::evictions);
        gauge(registry, "multiserver.cache.bytes", "Bytes the edge cache's memory tier holds", CacheMetrics::bytes);
    }

    private void counter(MeterRegistry registry, String result, ToDoubleFunction<CacheMetrics> count) {
        FunctionCounter.builder("multiserver.cache.requests", cache, c -> count.applyAsDouble(c.metrics()))
                .description("Requests the edge cache handled, by result (hit, miss, stale, bypass)")
                .tag("result", result)
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<CacheMetrics> value) {
        Gauge.builder(name, cache, c -> Math.max(0, value.applyAsDouble(c.metrics())))
                .description(description).register(registry);
    }

    ResponseCache cache() {
        return cache;
    }

    /** The request as the engine sees it; {@code headers} is what {@link #applyHeaders} compares against. */
    static CacheRequest toCacheRequest(HttpRequest request) {
        return new CacheRequest(request.method().name(), request.uri(), toCacheHeaders(request.headers()));
    }

    static CacheHeaders toCacheHeaders(HttpHeaders headers) {
        CacheHeaders.Builder builder = CacheHeaders.builder();
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            builder.add(field.getKey().toString(), field.getValue().toString());
        }
        return builder.build();
    }

    /** Makes {@code target} hold exactly {@code fields}, unless they are {@code unchanged} (the same object). */
    static void applyHeaders(HttpHeaders target, CacheHeaders fields, CacheHeaders unchanged) {
        if (fields == unchanged) {
            return;
        }
        target.clear();
        for (Map.Entry<String, String> field : fields.entries()) {
            target.add(field.getKey(), field.getValue());
        }
    }

    /**
     * A stored response as one message: the body wraps the engine's shared array (never written to), so a hit
     * copies no body bytes and the encoder writes head and body together. The headers are a copy of a template
     * prepared once per header list the engine hands out (it hands out the same list for the hits of an entry
     * within a second): names and values already ASCII strings, hop-by-hop fields already out.
     */
    FullHttpResponse toHttp(CachedResponse cached) {
        HttpHeaders template = prepared.get(cached.headers(), EdgeCache::prepare);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(cached.status()),
                cached.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(cached.body()),
                template.copy(), TRUSTED.newEmptyHeaders());
    }

    private static HttpHeaders prepare(CacheHeaders fields) {
        HttpHeaders headers = TRUSTED.newHeaders();
        for (Map.Entry<String, String> field : fields.entries()) {
            headers.add(new AsciiString(field.getKey()), new AsciiString(field.getValue()));
        }
        HopByHopHeaders.strip(headers);
        return headers;
    }

    /** 5xx answers that count as errors for stale-if-error (RFC 5861 §4). */
    static boolean isUpstreamError(int status) {
        return status == 500 || status == 502 || status == 503 || status == 504;
    }
}
