package dev.multiserver.testkit;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link BackendHandler} answers one request. Call exactly one method, once, from any thread; a second
 * call throws {@link IllegalStateException}. Every response carries {@code X-Backend-Id} unless the given headers
 * replace it.
 *
 * <pre>{@code
 * backend.respondWith((request, responder) ->
 *         responder.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, "try later"));
 * }</pre>
 */
public interface Responder {

    /**
     * Sends a complete response with {@code Content-Length}. Headers given here are added after the defaults and
     * replace those of the same name, so they may also set wrong framing on purpose.
     */
    void respond(HttpResponseStatus status, HttpHeaders headers, byte[] body);

    /** Sends a complete {@code text/plain} response. */
    default void respond(HttpResponseStatus status, String body) {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("Content-Type", "text/plain; charset=utf-8");
        respond(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers as if no handler were installed: the query-string script, or the default JSON description. */
    void respondAsScripted();

    /**
     * Writes {@code bytes} to the connection as they are, bypassing the HTTP encoder, for malformed responses.
     * The connection then stays open and the next request is read.
     */
    void sendRaw(byte[] bytes);

    /** Like {@link #sendRaw(byte[])}, then closes the connection. */
    void sendRawAndClose(byte[] bytes);

    /** Closes the connection without answering. */
    void close();

    /** Resets the connection (TCP RST, {@code SO_LINGER} 0) without answering. */
    void reset();
}
