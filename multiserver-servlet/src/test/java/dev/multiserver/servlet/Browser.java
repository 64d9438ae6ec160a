package dev.multiserver.servlet;

import dev.multiserver.testkit.TrustAll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A client with one cookie jar slot, the session cookie, kept as a browser would from Set-Cookie headers. */
final class Browser {

    /** What a request got back. */
    record Reply(int status, String body, List<String> setCookies, String location) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .sslContext(TrustAll.context())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String cookieName;
    private volatile String cookie;

    Browser(String cookieName) {
        this.cookieName = cookieName;
    }

    String cookie() {
        return cookie;
    }

    /** Sends this cookie value from now on, whatever it is; null for none. */
    void cookie(String value) {
        cookie = value;
    }

    Reply get(URI uri, String... headers) {
        try {
            return keep(CLIENT.send(request(uri, headers), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting and without keeping the cookie it gets. */
    CompletableFuture<Reply> getAsync(URI uri) {
        return CLIENT.sendAsync(request(uri), HttpResponse.BodyHandlers.ofString()).thenApply(Browser::reply);
    }

    private HttpRequest request(URI uri, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15));
        if (cookie != null) {
            request.header("Cookie", cookieName + "=" + cookie);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    private Reply keep(HttpResponse<String> response) {
        Reply reply = reply(response);
        for (String header : reply.setCookies()) {
            if (header.startsWith(cookieName + "=")) {
                String value = header.substring(cookieName.length() + 1, header.indexOf(';'));
                cookie = header.contains("Max-Age=0") ? null : value;
            }
        }
        return reply;
    }

    private static Reply reply(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.body(), response.headers().allValues("Set-Cookie"),
                response.headers().firstValue("Location").orElse(null));
    }
}
