package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Removes the headers that describe one connection and must not cross a proxy (RFC 9110 §7.6.1):
 * {@code Connection} and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer},
 * {@code Upgrade}, {@code Proxy-*}. {@code Transfer-Encoding} is removed too; the caller re-frames the
 * body for the next hop.
 */
final class HopByHopHeaders {

    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHORIZATION,
        HttpHeaderNames.PROXY_AUTHENTICATE, AsciiString.cached("proxy-connection")
    };

    private HopByHopHeaders() {
    }

    static void strip(HttpHeaders headers) {
        List<String> named = new ArrayList<>(2);
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty()) {
                    named.add(name);
                }
            }
        }
        for (String name : named) {
            headers.remove(name);
        }
        for (AsciiString name : ALWAYS) {
            headers.remove(name);
        }
        if (!headers.isEmpty()) {
            List<String> proxyHeaders = null;
            for (String name : headers.names()) {
                if (name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
                    if (proxyHeaders == null) {
                        proxyHeaders = new ArrayList<>(1);
                    }
                    proxyHeaders.add(name);
                }
            }
            if (proxyHeaders != null) {
                proxyHeaders.forEach(headers::remove);
            }
        }
    }
}
