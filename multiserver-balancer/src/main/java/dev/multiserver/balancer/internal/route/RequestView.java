package dev.multiserver.balancer.internal.route;

import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.route.LocalRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link LocalRequest} handlers get: a copy of the request's head taken when it is made, so that later
 * changes (the next middleware's edits, the forwarding headers) do not show, and a body already read whole.
 */
public final class RequestView implements LocalRequest {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String uri;
    private final HttpHeaders headers;
    private final Map<String, String> pathParams;
    private final InetSocketAddress client;
    private final boolean secure;
    private final byte[] body;
    private volatile Map<String, List<String>> queryParams;

    private RequestView(HttpRequest request, InetSocketAddress client, boolean secure,
            Map<String, String> pathParams, byte[] body) {
        this.method = request.method().name();
        this.uri = request.uri();
        this.headers = request.headers().copy();
        this.pathParams = Collections.unmodifiableMap(pathParams);
        this.client = client;
        this.secure = secure;
        this.body = body;
    }

    /** The head of {@code request} as it is now, without a body or path parameters: what middleware sees. */
    public static RequestView of(HttpRequest request, InetSocketAddress client, boolean secure) {
        return new RequestView(request, client, secure, Map.of(), NO_BODY);
    }

    /** What a local route sees: the head, the values of its pattern's parameters, and the whole body. */
    public static RequestView of(HttpRequest request, InetSocketAddress client, boolean secure,
            Map<String, String> pathParams, byte[] body) {
        return new RequestView(request, client, secure, pathParams, body);
    }

    /** The path part of a request target: up to the query or fragment. */
    static String rawPath(String uri) {
        int end = endOfPath(uri);
        return end < 0 ? uri : uri.substring(0, end);
    }

    private static int endOfPath(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String path() {
        return rawPath(uri);
    }

    @Override
    public String rawQuery() {
        int question = uri.indexOf('?');
        if (question < 0) {
            return "";
        }
        int fragment = uri.indexOf('#', question);
        return fragment < 0 ? uri.substring(question + 1) : uri.substring(question + 1, fragment);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> decoded = queryParams;
        if (decoded == null) {
            String query = rawQuery();
            try {
                Map<String, List<String>> parameters = new LinkedHashMap<>();
                new QueryStringDecoder(query, false).parameters()
                        .forEach((name, values) -> parameters.put(name, List.copyOf(values)));
                decoded = Collections.unmodifiableMap(parameters);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("query: '" + query + "' is malformed: " + e.getMessage(), e);
            }
            queryParams = decoded;
        }
        return decoded;
    }

    @Override
    public Optional<String> queryParam(String name) {
        requireNonNull(name, "name");
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public String header(String name) {
        return headers.get(requireNonNull(name, "name"));
    }

    @Override
    public List<String> headers(String name) {
        return Collections.unmodifiableList(headers.getAll(requireNonNull(name, "name")));
    }

    @Override
    public Set<String> headerNames() {
        return Collections.unmodifiableSet(headers.names());
    }

    @Override
    public Map<String, String> pathParams() {
        return pathParams;
    }

    @Override
    public String pathParam(String name) {
        String value = pathParams.get(requireNonNull(name, "name"));
        if (value == null) {
            throw new IllegalArgumentException("path parameter {" + name + "}: the route's pattern has none "
                    + "(it has: " + (pathParams.isEmpty() ? "none" : String.join(", ", pathParams.keySet())) + ")");
        }
        return value;
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
    public byte[] body() {
        return body.length == 0 ? body : body.clone();
    }

    @Override
    public String bodyText() {
        String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
        Charset charset = contentType == null ? StandardCharsets.UTF_8
                : HttpUtil.getCharset(contentType, StandardCharsets.UTF_8);
        return new String(body, charset);
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }
}
