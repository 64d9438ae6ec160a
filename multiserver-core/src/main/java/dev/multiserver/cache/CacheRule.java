package dev.multiserver.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which requests the cache takes part in, as the original's filters did: a path, a regular expression, or a
 * predicate. When a cache has rules, requests that match none bypass it; the first matching rule applies. A rule
 * may make responses without freshness information cacheable for a default time (opt-in), and add request headers
 * to the variant key.
 *
 * <pre>{@code
 * ResponseCache.builder()
 *     .rule(CacheRule.path("/static/*").defaultTtl(Duration.ofHours(1)),
 *           CacheRule.regex("^/api/.*\\.json$").varyHeaders("Accept-Language"),
 *           CacheRule.matching(request -> request.target().startsWith("/feed")))
 *     .build();
 * }</pre>
 */
public final class CacheRule {

    private final String description;
    private final Predicate<CacheRequest> predicate;
    private final Duration defaultTtl;
    private final List<String> varyHeaders;

    private CacheRule(String description, Predicate<CacheRequest> predicate, Duration defaultTtl,
            List<String> varyHeaders) {
        this.description = description;
        this.predicate = predicate;
        this.defaultTtl = defaultTtl;
        this.varyHeaders = varyHeaders;
    }

    /** Requests for exactly this path, or for every path starting with it when it ends with "*": "/static/*". */
    public static CacheRule path(String path) {
        requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: starts with '/')");
        }
        if (path.indexOf('*') >= 0 && path.indexOf('*') != path.length() - 1) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: '*' only at the end)");
        }
        if (path.endsWith("*")) {
            String prefix = path.substring(0, path.length() - 1);
            return new CacheRule("path " + path, request -> request.path().startsWith(prefix), null, List.of());
        }
        return new CacheRule("path " + path, request -> request.path().equals(path), null, List.of());
    }

    /** Requests whose path (without the query) contains a match of {@code regex}; anchor it with ^ and $. */
    public static CacheRule regex(String regex) {
        requireNonNull(regex, "regex");
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex: '" + regex + "' is not a regular expression: "
                    + e.getDescription(), e);
        }
        return new CacheRule("regex " + regex, request -> pattern.matcher(request.path()).find(), null, List.of());
    }

    /** Requests the predicate accepts. */
    public static CacheRule matching(Predicate<CacheRequest> predicate) {
        requireNonNull(predicate, "predicate");
        return new CacheRule("predicate " + predicate, predicate, null, List.of());
    }

    /** Responses to matching requests that carry no freshness information are fresh this long. */
    public CacheRule defaultTtl(Duration ttl) {
        requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("defaultTtl: " + ttl + " (expected: > 0) in rule " + description);
        }
        return new CacheRule(description, predicate, ttl, varyHeaders);
    }

    /** Request headers whose values are part of the variant key, as if every response named them in Vary. */
    public CacheRule varyHeaders(String... names) {
        requireNonNull(names, "names");
        for (String name : names) {
            requireNonNull(name, "names[]");
            if (name.isBlank() || name.contains(",") || name.contains(" ")) {
                throw new IllegalArgumentException("varyHeaders: '" + name + "' (expected: a header name) in rule "
                        + description);
            }
        }
        List<String> lower = java.util.Arrays.stream(names).map(n -> n.toLowerCase(Locale.ROOT)).toList();
        return new CacheRule(description, predicate, defaultTtl, lower);
    }

    boolean matches(CacheRequest request) {
        return predicate.test(request);
    }

    /** The default freshness lifetime, or null. */
    Duration defaultTtlOrNull() {
        return defaultTtl;
    }

    List<String> varyHeaderNames() {
        return varyHeaders;
    }

    @Override
    public String toString() {
        return "CacheRule(" + description + (defaultTtl == null ? "" : ", defaultTtl " + defaultTtl)
                + (varyHeaders.isEmpty() ? "" : ", varyHeaders " + varyHeaders) + ")";
    }
}
