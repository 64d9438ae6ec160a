package dev.multiserver.balancer.internal;

import dev.multiserver.balancer.algorithm.RequestContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** A decoded request head as an algorithm sees it. */
final class HttpRequestContext implements RequestContext {

    private final HttpRequest request;
    private final InetSocketAddress client;

    HttpRequestContext(HttpRequest request, InetSocketAddress client) {
        this.request = request;
        this.client = client;
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
}
