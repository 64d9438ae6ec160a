package dev.multiserver.testkit;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A request that a {@link TestBackend} received in full: its head as it arrived (header names in their original
 * case and order) and the length and SHA-256 of its body. The body itself is never kept.
 *
 * <pre>{@code
 * ReceivedRequest last = backend.lastRequest();
 * assertThat(last.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
 * assertThat(last.bodyLength()).isEqualTo(1 << 30);
 * }</pre>
 */
public final class ReceivedRequest {

    private final String method;
    private final String uri;
    private final String version;
    private final HttpHeaders headers;
    private final long bodyLength;
    private final String bodySha256;

    ReceivedRequest(HttpRequest head, long bodyLength, String bodySha256) {
        this.method = head.method().name();
        this.uri = head.uri();
        this.version = head.protocolVersion().text();
        this.headers = new DefaultHttpHeaders().add(head.headers());
        this.bodyLength = bodyLength;
        this.bodySha256 = bodySha256;
    }

    /** The request method, such as {@code GET}. */
    public String method() {
        return method;
    }

    /** The request target as sent, such as {@code /x?y=1}. */
    public String uri() {
        return uri;
    }

    /** The protocol version, such as {@code HTTP/1.1}. */
    public String version() {
        return version;
    }

    /** A copy of the request headers, in the order and case they arrived; changing it changes nothing here. */
    public HttpHeaders headers() {
        return headers.copy();
    }

    /** The first value of the header {@code name} (case-insensitive), or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    /** How many body bytes arrived (after removing any chunked framing). */
    public long bodyLength() {
        return bodyLength;
    }

    /** The SHA-256 of the body in lower-case hex. */
    public String bodySha256() {
        return bodySha256;
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + version + " (" + bodyLength + " body bytes)";
    }
}
