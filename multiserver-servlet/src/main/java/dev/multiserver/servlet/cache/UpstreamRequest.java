package dev.multiserver.servlet.cache;

import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.CacheRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * The request as the cache forwards it: the client's conditional headers replaced by the cache's own (none on a
 * miss, so that a full response can be stored; the entry's validators when it revalidates one).
 */
final class UpstreamRequest extends HttpServletRequestWrapper {

    private static final List<String> CONDITIONALS = List.of("if-none-match", "if-modified-since");

    private final String method;
    private final CacheHeaders upstream;

    private UpstreamRequest(HttpServletRequest request, String method, CacheHeaders upstream) {
        super(request);
        this.method = method;
        this.upstream = upstream;
    }

    /** {@code request} itself when the cache changed neither its method nor its conditionals. */
    static HttpServletRequest of(HttpServletRequest request, CacheRequest upstream) {
        boolean changed = !request.getMethod().equals(upstream.method());
        for (String name : CONDITIONALS) {
            changed |= !Collections.list(request.getHeaders(name)).equals(upstream.headers().all(name));
        }
        return changed ? new UpstreamRequest(request, upstream.method(), upstream.headers()) : request;
    }

    @Override
    public String getMethod() {
        return method;
    }

    private static boolean replaced(String name) {
        return name != null && CONDITIONALS.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String getHeader(String name) {
        return replaced(name) ? upstream.first(name).orElse(null) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return replaced(name) ? Collections.enumeration(upstream.all(name)) : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(super.getHeaderNames())) {
            if (!replaced(name)) {
                names.add(name);
            }
        }
        for (String name : CONDITIONALS) {
            if (upstream.contains(name)) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        if (!replaced(name)) {
            return super.getDateHeader(name);
        }
        String value = getHeader(name);
        if (value == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("header " + name + ": '" + value + "' is not an HTTP date", e);
        }
    }

    @Override
    public int getIntHeader(String name) {
        if (!replaced(name)) {
            return super.getIntHeader(name);
        }
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value);
    }
}
