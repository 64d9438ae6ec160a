package dev.multiserver.servlet.cache;

import dev.multiserver.cache.CacheHeaders;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Header fields between the Servlet API and {@link CacheHeaders}. */
final class ServletHeaders {

    private ServletHeaders() {
    }

    /** The request's fields; throws IllegalArgumentException for a field {@link CacheHeaders} refuses. */
    static CacheHeaders of(HttpServletRequest request) {
        CacheHeaders.Builder headers = CacheHeaders.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(name, value);
            }
        }
        return headers.build();
    }

    /** The response's fields as the application has set them so far. */
    static CacheHeaders of(HttpServletResponse response) {
        CacheHeaders.Builder headers = CacheHeaders.builder();
        for (String name : distinct(response.getHeaderNames())) {
            for (String value : response.getHeaders(name)) {
                headers.add(name, value);
            }
        }
        return headers.build();
    }

    /** Makes the response's fields go from {@code current} to {@code wanted}, touching only those that differ. */
    static void replace(HttpServletResponse response, CacheHeaders current, CacheHeaders wanted) {
        List<String> names = distinct(wanted.entries().stream().map(Map.Entry::getKey).toList());
        for (String name : names) {
            List<String> values = wanted.all(name);
            if (!values.equals(current.all(name))) {
                set(response, name, values);
            }
        }
        for (String name : distinct(current.entries().stream().map(Map.Entry::getKey).toList())) {
            if (!wanted.contains(name)) {
                response.setHeader(name, null);
            }
        }
    }

    /** Writes every field onto a response that has none of them yet (the container's own Date is replaced). */
    static void write(HttpServletResponse response, CacheHeaders headers) {
        for (String name : distinct(headers.entries().stream().map(Map.Entry::getKey).toList())) {
            set(response, name, headers.all(name));
        }
    }

    private static void set(HttpServletResponse response, String name, List<String> values) {
        response.setHeader(name, values.get(0));
        for (int i = 1; i < values.size(); i++) {
            response.addHeader(name, values.get(i));
        }
    }

    /** The names in order, once each whatever their case. */
    private static List<String> distinct(Collection<String> names) {
        Set<String> seen = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (String name : names) {
            if (seen.add(name.toLowerCase(Locale.ROOT))) {
                kept.add(name);
            }
        }
        return kept;
    }
}
