package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Removes the headers that describe one connection and must not cross a proxy (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
 * {@code Upgrade}, {@code Proxy-*}. {@code Transfer-Encoding} is removed too; the caller re-frames the
 * body for the next hop. One pass over the headers; most messages have none of these and cost no
 * removal.
 */
final class HopByHopHeaders {

    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE
    };
    private static final AsciiString PROXY_PREFIX = AsciiString.cached("proxy-");

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        List<CharSequence> doomed = null;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            if (isHopByHop(name)) {
                if (doomed == null) {
                    doomed = new ArrayList<>(4);
                }
                doomed.add(name);
                if (HttpHeaderNames.CONNECTION.contentEqualsIgnoreCase(name)) {
                    addNamedIn(header.getValue(), doomed);
                }
            }
        }
        if (doomed != null) {
            doomed.forEach(headers::remove);
        }
    }

    private static boolean isHopByHop(CharSequence name) {
        for (AsciiString hop : ALWAYS) {
            if (hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return AsciiString.regionMatches(name, true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length());
    }

    /** The header names listed in a {@code Connection} value, e.g. {@code keep-alive, X-Secret}. */
    private static void addNamedIn(CharSequence connection, List<CharSequence> names) {
        int start = 0;
        int length = connection.length();
        for (int i = 0; i <= length; i++) {
            if (i == length || connection.charAt(i) == ',') {
                String token = connection.subSequence(start, i).toString().trim();
                if (!token.isEmpty()) {
                    names.add(token);
                }
                start = i + 1;
            }
        }
    }
}
