package dev.multiserver.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache's decisions (RFC 9111 for a shared cache, RFC 5861), over the tiers and the collapser. */
final class Engine {

    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
    private static final byte[] EMPTY = new byte[0];
    private static final Duration INDEX_RETENTION = Duration.ofDays(1);
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "DELETE", "PATCH");

    final Tiers tiers;
    final Clock clock;
    final long maxObjectSize;
    final boolean storeSetCookie;
    final String statusHeader;
    final Counters counters = new Counters();
    private final Decoded decoded = new Decoded();
    private final Keys.Digests digests = new Keys.Digests();
    private final List<CacheRule> rules;
    private final Collapser collapser;
    private final Set<String> revalidating = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    Engine(Tiers tiers, Clock clock, long maxObjectSize, boolean storeSetCookie, String statusHeader,
            List<CacheRule> rules, Duration collapseTimeout) {
        this.tiers = tiers;
        this.clock = clock;
        this.maxObjectSize = maxObjectSize;
        this.storeSetCookie = storeSetCookie;
        this.statusHeader = statusHeader;
        this.rules = rules;
        this.collapser = new Collapser(collapseTimeout.toMillis());
    }

    CompletableFuture<CacheDecision> decide(CacheRequest request) {
        String method = request.method();
        boolean head = method.equals("HEAD");
        if (closed.get() || !(head || method.equals("GET")) || !Keys.validTarget(request.target())) {
            return CompletableFuture.completedFuture(bypass(request, UNSAFE.contains(method)));
        }
        CacheRule rule = null;
        for (CacheRule candidate : rules) {
            if (candidate.matches(request)) {
                rule = candidate;
                break;
            }
        }
        if (rule == null && !rules.isEmpty()) {
            return CompletableFuture.completedFuture(bypass(request, false));
        }
        Directives directives = requestDirectives(request.headers());
        if (directives.has("no-store")) {
            return CompletableFuture.completedFuture(bypass(request, false));
        }
        Lookup lookup = new Lookup(request, rule, directives, head, digests);
        return lookup(lookup, false).exceptionally(error -> {
            log.warn("response cache: lookup of {} failed; forwarding it", request.target(), error);
            return bypass(request, false);
        });
    }

    /** Pragma: no-cache counts only when there is no Cache-Control (RFC 9111 §5.4). */
    private static Directives requestDirectives(CacheHeaders headers) {
        String cacheControl = headers.joined("Cache-Control");
        if (cacheControl == null) {
            String pragma = headers.joined("Pragma");
            return pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache")
                    ? Directives.parse("no-cache") : Directives.NONE;
        }
        return Directives.parse(cacheControl);
    }

    private CompletableFuture<CacheDecision> lookup(Lookup lookup, boolean collapsed) {
        return tiers.get(Keys.index(lookup.target())).thenCompose(foundIndex -> {
            VariantIndex index = foundIndex.map(found -> decoded.index(found.bytes())).orElse(null);
            if (index == null) {
                return miss(lookup, null, null, null, collapsed);
            }
            if (foundIndex.get().fromShared()) {
                tiers.put(Keys.index(lookup.target()), foundIndex.get().bytes(), INDEX_RETENTION, true);
            }
            String variantKey = lookup.variantKey(index);
            return tiers.get(variantKey).thenCompose(foundEntry -> {
                Entry entry = foundEntry.map(found -> decoded.entry(found.bytes())).orElse(null);
                if (entry != null && foundEntry.get().fromShared()) {
                    tiers.put(variantKey, foundEntry.get().bytes(), retention(entry), true);
                }
                return use(lookup, index, variantKey, entry, collapsed);
            });
        });
    }

    private CompletableFuture<CacheDecision> use(Lookup lookup, VariantIndex index, String variantKey, Entry entry,
            boolean collapsed) {
        if (entry == null) {
            return miss(lookup, index, variantKey, null, collapsed);
        }
        if (lookup.authorized() && !entry.sharedWithAuthorization()) {
            return CompletableFuture.completedFuture(forward(lookup, index, variantKey, null, null));
        }
        long now = clock.millis();
        long age = entry.currentAge(now);
        long lifetime = entry.lifetime();
        boolean clientWantsValidation = lookup.directives().has("no-cache")
                || (lookup.directives().millis("max-age") >= 0 && age > lookup.directives().millis("max-age"));
        boolean usable = !entry.noCache() && !clientWantsValidation;
        if (usable && age < lifetime) {
            counters.hits.increment();
            return served(lookup, entry, CacheStatus.HIT, now, Optional.empty());
        }
        long staleWhileRevalidate = entry.staleWhileRevalidate();
        if (usable && staleWhileRevalidate >= 0 && age - lifetime <= staleWhileRevalidate) {
            counters.stale.increment();
            Optional<Revalidation> background = Optional.empty();
            if (revalidating.add(variantKey)) {
                Exchange exchange = Exchange.revalidation(this, lookup, index, variantKey, entry);
                // a refresh is a GET even for a HEAD: its response body is what gets stored
                CacheRequest refresh = upstreamRequest(lookup, entry);
                background = Optional.of(new Revalidation(
                        new CacheRequest("GET", refresh.target(), refresh.headers()), exchange));
            }
            return served(lookup, entry, CacheStatus.STALE, now, background);
        }
        return miss(lookup, index, variantKey, entry, collapsed);
    }

    private CompletableFuture<CacheDecision> served(Lookup lookup, Entry entry, CacheStatus status, long now,
            Optional<Revalidation> background) {
        return CompletableFuture.completedFuture(new CacheDecision.Serve(status, response(lookup, entry, status, now),
                background));
    }

    /** Not answerable from the cache: forward, leading or following a collapsed miss when that is safe. */
    private CompletableFuture<CacheDecision> miss(Lookup lookup, VariantIndex index, String variantKey,
            Entry stale, boolean collapsed) {
        if (lookup.head() || lookup.ranged()) {
            counters.misses.increment();
            return CompletableFuture.completedFuture(new CacheDecision.Forward(CacheStatus.MISS, lookup.request(),
                    Exchange.passing(this, CacheStatus.MISS)));
        }
        if (collapsed || lookup.authorized()) {
            return CompletableFuture.completedFuture(forward(lookup, index, variantKey, stale, null));
        }
        String collapseKey = variantKey != null ? variantKey
                : "n " + Keys.variantHash(lookup.request(), lookup.ruleVaryNames(), List.of(), digests) + " "
                        + lookup.target();
        Collapser.Joined joined = collapser.join(collapseKey);
        if (joined.leader() != null) {
            return CompletableFuture.completedFuture(forward(lookup, index, variantKey, stale, joined.leader()));
        }
        return joined.following().thenCompose(outcome -> {
            if (outcome instanceof Collapser.Stored stored) {
                VariantIndex leaderIndex = stored.index();
                String mine = lookup.variantKey(leaderIndex);
                if (mine.equals(stored.variantKey())) {
                    return use(lookup, leaderIndex, mine, stored.entry(), true);
                }
                return lookup(lookup, true);
            }
            return CompletableFuture.completedFuture(forward(lookup, index, variantKey, stale, null));
        });
    }

    private CacheDecision forward(Lookup lookup, VariantIndex index, String variantKey, Entry stale,
            Collapser.Flight flight) {
        counters.misses.increment();
        Exchange exchange = Exchange.storing(this, lookup, index, variantKey, stale, flight);
        return new CacheDecision.Forward(CacheStatus.MISS, upstreamRequest(lookup, stale), exchange);
    }

    /**
     * The request to send upstream: the client's own conditionals removed so that a full response can be stored,
     * and the stored entry's validators added when there is one to revalidate.
     */
    private static CacheRequest upstreamRequest(Lookup lookup, Entry stale) {
        CacheHeaders headers = lookup.request().headers().without("If-None-Match").without("If-Modified-Since");
        if (stale != null) {
            Optional<String> etag = stale.headers.first("ETag");
            if (etag.isPresent()) {
                headers = headers.with("If-None-Match", etag.get());
            }
            Optional<String> lastModified = stale.headers.first("Last-Modified");
            if (lastModified.isPresent()) {
                headers = headers.with("If-Modified-Since", lastModified.get());
            }
        }
        CacheRequest request = lookup.request().withHeaders(headers);
        return lookup.head() ? request : new CacheRequest("GET", request.target(), request.headers());
    }

    private CacheDecision bypass(CacheRequest request, boolean invalidates) {
        counters.bypasses.increment();
        Exchange exchange = invalidates ? Exchange.invalidating(this, request.target())
                : Exchange.passing(this, CacheStatus.BYPASS);
        return new CacheDecision.Forward(CacheStatus.BYPASS, request, exchange);
    }

    /** What the client gets from an entry: Age and the cache status set, a 304 or an empty body as asked. */
    CachedResponse response(Lookup lookup, Entry entry, CacheStatus status, long now) {
        CacheHeaders headers = entry.served(statusHeader, status, entry.currentAge(now) / 1000);
        if (Conditionals.isConditional(lookup.request()) && Conditionals.notModified(lookup.request(), entry)) {
            return new CachedResponse(304, Conditionals.notModifiedHeaders(headers), EMPTY);
        }
        return new CachedResponse(entry.status, headers, lookup.head() ? EMPTY : entry.body);
    }

    CacheHeaders marked(CacheHeaders headers, CacheStatus status) {
        return statusHeader == null ? headers : headers.with(statusHeader, status.name());
    }

    /**
     * Why a response to this request cannot be stored, or null when it can (RFC 9111 §3, §3.5; a rule's default
     * lifetime is the only heuristic freshness).
     */
    String unstorableReason(Lookup lookup, int status, CacheHeaders headers, long requestTime, long responseTime) {
        Directives directives = Directives.parse(headers.joined("Cache-Control"));
        if (directives.has("no-store")) {
            return "no-store";
        }
        if (directives.has("private")) {
            return "private";
        }
        if (status < 200 || status == 206 || status == 304) {
            return "status " + status;
        }
        List<String> vary = Keys.varyNames(headers);
        if (vary.contains("*")) {
            return "Vary: *";
        }
        if (!storeSetCookie && (headers.contains("Set-Cookie") || headers.contains("Set-Cookie2"))) {
            return "Set-Cookie";
        }
        if (lookup.authorized() && !(directives.has("public") || directives.has("s-maxage")
                || directives.has("must-revalidate"))) {
            return "Authorization without public, s-maxage or must-revalidate";
        }
        if (!EntryCodec.encodable(headers)) {
            return "a header field too long";
        }
        boolean explicit = Entry.hasExplicitFreshness(directives, headers);
        if (!explicit && !Entry.cacheableByDefault(status)) {
            return "status " + status + " without explicit freshness";
        }
        Entry entry = new Entry(status, headers, EMPTY, requestTime, responseTime, heuristic(lookup, directives,
                headers));
        boolean fresh = entry.lifetime() > entry.currentAge(responseTime);
        boolean validatable = entry.hasValidators() && (explicit || entry.noCache() || entry.heuristicMillis >= 0);
        boolean staleUsable = entry.staleWhileRevalidate() > 0 || entry.staleIfError() > 0;
        if (!(explicit || entry.heuristicMillis >= 0 || (entry.noCache() && entry.hasValidators()))) {
            return "no freshness information and no rule with a defaultTtl";
        }
        if (!fresh && !validatable && !staleUsable) {
            return "already stale without validators";
        }
        return null;
    }

    /** The rule's default lifetime, when the response has no freshness of its own; else -1. */
    long heuristic(Lookup lookup, Directives directives, CacheHeaders headers) {
        if (lookup.rule() == null || lookup.rule().defaultTtlOrNull() == null
                || Entry.hasExplicitFreshness(directives, headers)) {
            return -1;
        }
        return lookup.rule().defaultTtlOrNull().toMillis();
    }

    Duration retention(Entry entry) {
        return Duration.ofMillis(entry.retention(clock.millis()));
    }

    /** Writes an entry (and its index when the variants change); answers the index and key it went under. */
    Collapser.Stored persist(Lookup lookup, VariantIndex index, Entry entry) {
        List<String> varyNames = Keys.varyNames(entry.headers);
        VariantIndex current = index != null && index.sameNames(varyNames) ? index
                : new VariantIndex(Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36),
                        varyNames);
        String variantKey = lookup.variantKey(current);
        Duration retention = retention(entry);
        byte[] entryBytes = EntryCodec.encode(entry);
        decoded.remember(entryBytes, entry);
        tiers.put(variantKey, entryBytes, retention, false);
        Duration indexRetention = retention.compareTo(INDEX_RETENTION) > 0 ? retention : INDEX_RETENTION;
        byte[] indexBytes = EntryCodec.encode(current);
        decoded.remember(indexBytes, current);
        tiers.put(Keys.index(lookup.target()), indexBytes, indexRetention, false);
        counters.stored.increment();
        return new Collapser.Stored(entry, current, variantKey);
    }

    void revalidated(String variantKey) {
        revalidating.remove(variantKey);
    }

    CompletableFuture<Long> purge(String target) {
        CompletableFuture<Long> removed = tiers.deleteByPrefix(Keys.variantPrefix(target))
                .exceptionally(cannot -> 0L);
        return removed.thenCombine(tiers.delete(Keys.index(target)), (count, ignored) -> count);
    }

    CompletableFuture<Long> purgePrefix(String targetPrefix) {
        CompletableFuture<Long> variants = tiers.deleteByPrefix("v " + targetPrefix);
        CompletableFuture<Long> indexes = tiers.deleteByPrefix("i " + targetPrefix);
        return variants.thenCombine(indexes, (count, ignored) -> count);
    }

    CacheMetrics metrics() {
        return counters.snapshot(tiers.first());
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            tiers.close();
        }
    }
}
