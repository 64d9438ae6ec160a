package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Base64;
import java.util.List;

/**
 * Recognizes a WebSocket opening handshake (RFC 6455 §4.1) among requests, checks it, and puts back the
 * upgrade headers that hop-by-hop stripping removes. The handshake itself (the accept key) stays between
 * the client and the backend: the balancer only forwards it.
 */
final class WebSocketHandshake {

    private WebSocketHandshake() {
    }

    /** Whether the request asks to switch to WebSocket: {@code Upgrade} names {@code websocket}. */
    static boolean isRequested(HttpRequest request) {
        return hasToken(request.headers().getAll(HttpHeaderNames.UPGRADE), "websocket");
    }

    /** Why a request that asks for WebSocket is not a valid handshake, or {@code null} when it is. */
    static String problem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!HttpMethod.GET.equals(request.method())) {
            return "WebSocket handshake with method " + request.method() + " (expected: GET)";
        }
        if (!HttpVersion.HTTP_1_1.equals(request.protocolVersion())) {
            return "WebSocket handshake over " + request.protocolVersion() + " (expected: HTTP/1.1)";
        }
        if (!hasToken(headers.getAll(HttpHeaderNames.CONNECTION), "upgrade")) {
            return "WebSocket handshake without 'Connection: Upgrade'";
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isNonce(keys.get(0))) {
            return "WebSocket handshake without one valid Sec-WebSocket-Key (expected: 16 bytes in base64)";
        }
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.size() != 1 || !versions.get(0).trim().matches("[0-9]{1,3}")) {
            return "WebSocket handshake without one valid Sec-WebSocket-Version";
        }
        if (HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) != 0) {
            return "WebSocket handshake with a body";
        }
        return null;
    }

    private static boolean isNonce(String key) {
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Puts the upgrade back on a head whose hop-by-hop headers were stripped. */
    static void restoreUpgradeHeaders(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
    }

    /** Whether any of the comma-separated values is {@code token}, ignoring case. */
    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }
}
