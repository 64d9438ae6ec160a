package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Tells the backend who really asked: {@code X-Forwarded-For} (appended to, so a chain of proxies
 * stays one list), {@code X-Forwarded-Proto/Host/Port} (set by this hop), and optionally RFC 7239
 * {@code Forwarded}.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    private ForwardedHeaders() {
    }

    static void add(HttpHeaders headers, ClientConnection client, boolean rfc7239) {
        String previous = headers.get(X_FORWARDED_FOR);
        if (previous == null) {
            headers.set(X_FORWARDED_FOR, client.clientIp());
        } else {
            headers.set(X_FORWARDED_FOR, String.join(", ", headers.getAll(X_FORWARDED_FOR)) + ", " + client.clientIp());
        }
        headers.set(X_FORWARDED_PROTO, client.proto());
        String host = headers.get(HttpHeaderNames.HOST);
        if (host != null) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
        headers.set(X_FORWARDED_PORT, client.localPort());
        if (rfc7239) {
            StringBuilder element = new StringBuilder("for=").append(client.node());
            if (host != null) {
                element.append(";host=").append(quoteIfNeeded(host));
            }
            element.append(";proto=").append(client.proto());
            List<String> earlier = headers.getAll(FORWARDED);
            headers.set(FORWARDED, earlier.isEmpty()
                    ? element.toString() : String.join(", ", earlier) + ", " + element);
        }
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return value;
    }
}
