package dev.multiserver.cache;

import java.util.Locale;
import java.util.Set;

/** The header fields a cache keeps (RFC 9111 §3.1): no hop-by-hop fields, and no cookie for another client. */
final class StoredHeaders {

    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "proxy-connection", "proxy-authenticate", "proxy-authorization", "set-cookie",
            "set-cookie2");

    private StoredHeaders() {
    }

    static CacheHeaders storable(CacheHeaders headers, boolean keepSetCookie) {
        Set<String> named = new java.util.HashSet<>();
        for (String connection : headers.all("Connection")) {
            for (String token : connection.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        CacheHeaders.Builder kept = CacheHeaders.builder();
        for (var field : headers.entries()) {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            boolean cookie = name.equals("set-cookie") || name.equals("set-cookie2");
            if ((NOT_STORED.contains(name) && !(cookie && keepSetCookie)) || named.contains(name)) {
                continue;
            }
            kept.add(field.getKey(), field.getValue());
        }
        return kept.build();
    }
}
