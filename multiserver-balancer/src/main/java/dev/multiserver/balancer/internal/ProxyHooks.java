package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.internal.route.RecordedEdits;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What the local stage asks of the proxy for a request it let through: the middleware's edits to the
 * response headers, and the fallback pages in place of the balancer's own 502, 503 and 504.
 */
final class ProxyHooks {

    /** No edits, and the balancer's plain-text errors. */
    static final ProxyHooks NONE = new ProxyHooks(null, null);

    private final LocalStage stage;
    private final RecordedEdits edits;

    ProxyHooks(LocalStage stage, RecordedEdits edits) {
        this.stage = stage;
        this.edits = edits;
    }

    /** Edits the head of a backend's response (not an interim one) before it is written to the client. */
    void editResponse(HttpHeaders headers) {
        if (edits != null) {
            edits.applyResponseEdits(headers);
        }
    }

    /** The balancer's own error: a fallback's page for it when there is one, else short plain text. */
    FullHttpResponse errorResponse(ByteBufAllocator alloc, HttpRequest request, ClientConnection connection,
            HttpResponseStatus status, String cause, boolean keepAlive) {
        FullHttpResponse response = stage == null ? ErrorResponses.of(alloc, status, cause, keepAlive)
                : stage.errorResponse(alloc, request, connection, status, cause, keepAlive);
        editResponse(response.headers());
        return response;
    }
}
