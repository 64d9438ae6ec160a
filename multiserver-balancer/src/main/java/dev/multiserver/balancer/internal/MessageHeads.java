package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Rewrites message heads as they cross the balancer, in place. */
final class MessageHeads {

    private MessageHeads() {
    }

    /**
     * Prepares a client's request for the backend: hop-by-hop headers out, forwarding headers in,
     * HTTP/1.1 towards the backend so the connection can be kept, chunked framing kept for chunked bodies.
     */
    static HttpRequest toBackend(HttpRequest request, boolean chunked, ClientConnection client,
            String backendAuthority, boolean rfc7239) {
        HttpHeaders headers = request.headers();
        HopByHopHeaders.strip(headers);
        if (chunked) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, backendAuthority);
        }
        ForwardedHeaders.add(headers, client, rfc7239);
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        return request;
    }

    /**
     * Prepares a backend's response for the client. Returns whether the client connection can stay open
     * after it: a body with no length sent to an HTTP/1.0 client ends only when the connection does.
     * {@code stripHopByHop} is false for heads made without hop-by-hop fields (the edge cache's).
     */
    static boolean toClient(HttpResponse response, HttpVersion clientVersion, boolean headRequest,
            boolean keepAlive, boolean stripHopByHop) {
        HttpHeaders headers = response.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        if (stripHopByHop) {
            HopByHopHeaders.strip(headers);
        }
        int code = response.status().code();
        boolean bodiless = response.status().codeClass() == HttpStatusClass.INFORMATIONAL || code == 204
                || code == 304;
        boolean http11 = clientVersion.minorVersion() >= 1;
        if (!bodiless && !hasLength) {
            if (headRequest) {
                if (chunked && http11) {
                    headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                }
            } else if (http11) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            } else {
                keepAlive = false;
            }
        }
        if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            if (!keepAlive) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            } else if (!http11) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        return keepAlive;
    }
}
