package dev.multiserver.balancer.admin;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.SocketAddress;
import java.util.List;

/** One admin request as the endpoints see it: method, decoded path and query, body, and who sent it. */
final class AdminRequest {

    private final FullHttpRequest http;
    private final QueryStringDecoder target;
    private final SocketAddress remote;

    private AdminRequest(FullHttpRequest http, QueryStringDecoder target, SocketAddress remote) {
        this.http = http;
        this.target = target;
        this.remote = remote;
    }

    /** @throws AdminError 400 when the request target is not a well-formed path and query */
    static AdminRequest of(FullHttpRequest http, SocketAddress remote) {
        QueryStringDecoder target = QueryStringDecoder.builder()
                .semicolonIsNormalChar(true)
                .htmlQueryDecoding(false)
                .maxParams(16)
                .build(http.uri());
        try {
            target.path();
            target.parameters();
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("request target: '" + http.uri() + "' is malformed: " + e.getMessage());
        }
        return new AdminRequest(http, target, remote);
    }

    HttpMethod method() {
        return http.method();
    }

    String path() {
        return target.path();
    }

    /**
     * The one value of a query parameter.
     *
     * @throws AdminError 400 naming the parameter when it is missing or given more than once
     */
    String param(String name, String example) {
        List<String> values = target.parameters().get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            throw AdminError.badRequest("query parameter " + name + ": missing (expected: ?" + name + "=" + example
                    + ")");
        }
        if (values.size() > 1) {
            throw AdminError.badRequest("query parameter " + name + ": given " + values.size()
                    + " times (expected: once)");
        }
        return values.get(0);
    }

    /**
     * The one value of a query parameter that may be left out, or {@code null} when it is.
     *
     * @throws AdminError 400 naming the parameter when it is empty or given more than once
     */
    String optionalParam(String name, String example) {
        return target.parameters().containsKey(name) ? param(name, example) : null;
    }

    /** The header's value, or {@code null}. */
    String header(CharSequence name) {
        return http.headers().get(name);
    }

    byte[] body() {
        return ByteBufUtil.getBytes(http.content());
    }

    SocketAddress remote() {
        return remote;
    }

    @Override
    public String toString() {
        return http.method() + " " + http.uri();
    }
}
