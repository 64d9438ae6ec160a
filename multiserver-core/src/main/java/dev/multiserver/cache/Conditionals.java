package dev.multiserver.cache;

import java.util.ArrayList;
import java.util.List;

/** The client's If-None-Match / If-Modified-Since against a stored 200 (RFC 9110 §13.1.2, §13.1.3). */
final class Conditionals {

    private Conditionals() {
    }

    static boolean isConditional(CacheRequest request) {
        return request.headers().contains("If-None-Match") || request.headers().contains("If-Modified-Since");
    }

    /** Whether a 304 answers the request from this entry. */
    static boolean notModified(CacheRequest request, Entry entry) {
        if (entry.status != 200) {
            return false;
        }
        String ifNoneMatch = request.headers().joined("If-None-Match");
        if (ifNoneMatch != null) {
            String etag = entry.headers.first("ETag").orElse(null);
            if (etag == null) {
                return false;
            }
            if (ifNoneMatch.trim().equals("*")) {
                return true;
            }
            String opaque = opaque(etag.trim());
            for (String candidate : entityTags(ifNoneMatch)) {
                if (opaque(candidate).equals(opaque)) {
                    return true;
                }
            }
            return false;
        }
        long since = HttpDates.parse(request.headers().first("If-Modified-Since").orElse(null));
        if (since == HttpDates.INVALID) {
            return false;
        }
        long lastModified = HttpDates.parse(entry.headers.first("Last-Modified").orElse(null));
        if (lastModified == HttpDates.INVALID) {
            lastModified = entry.dateValue();
        }
        return lastModified <= since;
    }

    /** Weak comparison: W/"x" and "x" are the same tag. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The entity tags of a list, whose quoted parts may hold commas. */
    private static List<String> entityTags(String list) {
        List<String> tags = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                tags.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        tags.add(current.toString().trim());
        return tags;
    }

    /** The fields a 304 carries from the entry (RFC 9110 §15.4.5). */
    static CacheHeaders notModifiedHeaders(CacheHeaders served) {
        CacheHeaders.Builder kept = CacheHeaders.builder();
        for (var field : served.entries()) {
            switch (CacheHeaders.lower(field.getKey())) {
                case "content-length", "content-type", "content-encoding", "content-range", "transfer-encoding" -> {
                }
                default -> kept.add(field.getKey(), field.getValue());
            }
        }
        return kept.build();
    }
}
