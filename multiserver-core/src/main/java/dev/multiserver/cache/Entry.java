package dev.multiserver.cache;

import java.util.Set;

/**
 * A stored response with the times of the exchange that brought it (RFC 9111 §4.2.3), and what follows from its
 * headers: freshness lifetime, age, and the directives that limit its use.
 */
final class Entry {

    private static final Set<Integer> CACHEABLE_BY_DEFAULT = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414,
            501);

    final int status;
    final CacheHeaders headers;
    final byte[] body;
    final long requestTime;
    final long responseTime;
    /** The rule's default lifetime that applied when stored, or -1. */
    final long heuristicMillis;
    final Directives directives;
    /*
     * What follows from the headers is worked out once: a decoded entry serves many hits, and parsing dates and
     * directives on each of them cost more than the rest of a hit's decision.
     */
    private final long dateValue;
    private final long lifetime;
    private final long correctedInitialAge;
    private final boolean hasValidators;
    /** The headers a hit starts from (no Age, no cache status field), kept for the status header it was made for. */
    private volatile ServedBase servedBase;

    /** The headers of the last response served from this entry: hits within one second are given the same. */
    private volatile Served lastServed;

    private record ServedBase(String statusHeader, CacheHeaders headers) {
    }

    private record Served(String statusHeader, CacheStatus status, long ageSeconds, CacheHeaders headers) {
    }

    Entry(int status, CacheHeaders headers, byte[] body, long requestTime, long responseTime, long heuristicMillis) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.requestTime = requestTime;
        this.responseTime = responseTime;
        this.heuristicMillis = heuristicMillis;
        this.directives = Directives.parse(headers.joined("Cache-Control"));
        long date = HttpDates.parse(headers.first("Date").orElse(null));
        this.dateValue = date == HttpDates.INVALID ? responseTime : date;
        this.lifetime = computeLifetime();
        long apparentAge = Math.max(0, responseTime - dateValue);
        long responseDelay = Math.max(0, responseTime - requestTime);
        this.correctedInitialAge = Math.max(apparentAge, ageValue() + responseDelay);
        this.hasValidators = headers.contains("ETag") || headers.contains("Last-Modified");
    }

    static boolean cacheableByDefault(int status) {
        return CACHEABLE_BY_DEFAULT.contains(status);
    }

    /** Whether the headers carry freshness information of their own. */
    static boolean hasExplicitFreshness(Directives directives, CacheHeaders headers) {
        return directives.has("s-maxage") || directives.has("max-age") || headers.contains("Expires");
    }

    /** The freshness lifetime for a shared cache (§4.2.1), in milliseconds. */
    long lifetime() {
        return lifetime;
    }

    private long computeLifetime() {
        long sMaxAge = directives.millis("s-maxage");
        if (sMaxAge >= 0) {
            return sMaxAge;
        }
        long maxAge = directives.millis("max-age");
        if (maxAge >= 0) {
            return maxAge;
        }
        if (headers.contains("Expires")) {
            long expires = HttpDates.parse(headers.first("Expires").orElseThrow());
            if (expires == HttpDates.INVALID) {
                return 0;
            }
            return Math.max(0, expires - dateValue);
        }
        return Math.max(0, heuristicMillis);
    }

    /** The Date header, or the response time when it is missing or not a date. */
    long dateValue() {
        return dateValue;
    }

    /** current_age of §4.2.3, in milliseconds. */
    long currentAge(long now) {
        return correctedInitialAge + Math.max(0, now - responseTime);
    }

    /**
     * The headers of a response served from this entry before Age and the cache status are added: without the
     * stored Age and without any field named {@code statusHeader} (null: none is added).
     */
    /**
     * The headers of a response served from this entry at that age: the stored ones with Age and the cache status
     * (unless {@code statusHeader} is null). The same object while age and status stay the same, so a front-end
     * can keep what it derives from it.
     */
    CacheHeaders served(String statusHeader, CacheStatus status, long ageSeconds) {
        Served last = lastServed;
        if (last != null && last.ageSeconds() == ageSeconds && last.status() == status
                && java.util.Objects.equals(last.statusHeader(), statusHeader)) {
            return last.headers();
        }
        CacheHeaders headers = servedBase(statusHeader).followedBy("Age", Long.toString(ageSeconds), statusHeader,
                status.name());
        lastServed = new Served(statusHeader, status, ageSeconds, headers);
        return headers;
    }

    private CacheHeaders servedBase(String statusHeader) {
        ServedBase base = servedBase;
        if (base == null || !java.util.Objects.equals(base.statusHeader(), statusHeader)) {
            CacheHeaders without = headers.without("Age");
            base = new ServedBase(statusHeader, statusHeader == null ? without : without.without(statusHeader));
            servedBase = base;
        }
        return base.headers();
    }

    private long ageValue() {
        String age = headers.first("Age").orElse(null);
        if (age == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(Long.parseLong(age.trim()), Integer.MAX_VALUE)) * 1000L;
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    /** must-revalidate, proxy-revalidate, and s-maxage (which implies proxy-revalidate) forbid serving stale. */
    boolean staleForbidden() {
        return directives.has("must-revalidate") || directives.has("proxy-revalidate") || directives.has("s-maxage");
    }

    boolean noCache() {
        return directives.has("no-cache");
    }

    /** §3.5: may a request with Authorization be answered from this entry. */
    boolean sharedWithAuthorization() {
        return directives.has("public") || directives.has("s-maxage") || directives.has("must-revalidate");
    }

    long staleWhileRevalidate() {
        return staleForbidden() ? -1 : directives.millis("stale-while-revalidate");
    }

    long staleIfError() {
        return staleForbidden() ? -1 : directives.millis("stale-if-error");
    }

    boolean hasValidators() {
        return hasValidators;
    }

    /** How long a store should keep the entry: while fresh, and then as long as it may serve stale or be validated. */
    long retention(long now) {
        long fresh = lifetime() - currentAge(now);
        long after = Math.max(0, Math.max(staleWhileRevalidate(), staleIfError()));
        if (hasValidators()) {
            after = Math.max(after, 3_600_000L);
        }
        return Math.max(1000, fresh + after);
    }

    Entry refreshedBy(CacheHeaders notModified, long newRequestTime, long newResponseTime) {
        CacheHeaders updated = headers;
        for (var field : StoredHeaders.storable(notModified, false).entries()) {
            if (!field.getKey().equalsIgnoreCase("Content-Length")) {
                updated = updated.without(field.getKey());
            }
        }
        CacheHeaders.Builder merged = CacheHeaders.builder().addAll(updated);
        for (var field : StoredHeaders.storable(notModified, false).entries()) {
            if (!field.getKey().equalsIgnoreCase("Content-Length")) {
                merged.add(field.getKey(), field.getValue());
            }
        }
        return new Entry(status, merged.build(), body, newRequestTime, newResponseTime, heuristicMillis);
    }
}
