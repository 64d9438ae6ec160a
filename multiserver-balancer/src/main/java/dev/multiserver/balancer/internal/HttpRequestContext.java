package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.algorithm.RequestContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A decoded request head as an algorithm sees it. */
final class HttpRequestContext implements RequestContext {

    private final HttpRequest request;
    private final InetSocketAddress client;
    private final boolean secure;
    private List<String[]> responseHeaders;

    HttpRequestContext(HttpRequest request, InetSocketAddress client, boolean secure) {
        this.request = request;
        this.client = client;
        this.secure = secure;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String uri() {
        return request.uri();
    }

    @Override
    public String path() {
        return new QueryStringDecoder(request.uri()).rawPath();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    @Override
    public List<String> headers(String name) {
        return request.headers().getAll(name);
    }

    @Override
    public Optional<String> cookie(String name) {
        for (String header : request.headers().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                if (cookie.name().equals(name)) {
                    return Optional.of(cookie.value());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public InetSocketAddress clientAddress() {
        return client;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public void addResponseHeader(String name, String value) {
        if (name == null || name.isEmpty() || value == null) {
            throw new IllegalArgumentException("response header: name and value are required (got " + name + ": "
                    + value + ")");
        }
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(2);
        }
        responseHeaders.add(new String[] {name, value});
    }

    /** Forgets the headers an algorithm added while picking a backend the request will not go to. */
    void clearResponseHeaders() {
        responseHeaders = null;
    }

    /** Adds what the algorithm asked for to the response on its way to the client. */
    void addResponseHeadersTo(HttpHeaders headers) {
        if (responseHeaders != null) {
            for (String[] header : responseHeaders) {
                headers.add(header[0], header[1]);
            }
        }
    }
}
