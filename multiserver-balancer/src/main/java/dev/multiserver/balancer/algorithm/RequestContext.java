package dev.multiserver.balancer.algorithm;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** The request an {@link Algorithm} is choosing a backend for: its head, never its body. */
public interface RequestContext {

    /** The method, upper case as sent: {@code GET}, {@code POST}, … */
    String method();

    /** The request target as sent: path and query, e.g. {@code /cart?item=3}. */
    String uri();

    /** The path without the query, e.g. {@code /cart}. */
    String path();

    /** The first value of the header, or {@code null}. Names are case-insensitive. */
    String header(String name);

    /** All values of the header, in order; empty when absent. */
    List<String> headers(String name);

    /** The value of the named cookie from the {@code Cookie} header. */
    Optional<String> cookie(String name);

    /** The address of the client connected to the balancer. */
    InetSocketAddress clientAddress();

    /** Whether the client reached the balancer over TLS (a sticky cookie is then marked {@code Secure}). */
    boolean secure();

    /**
     * Adds a header to the response the client gets for this request, when the chosen backend answers;
     * for instance a {@code Set-Cookie} that pins the client to the backend. Errors made by the balancer
     * itself (502, 503, 504) do not carry it. When the request is retried on another backend, headers
     * added while picking the earlier one are dropped.
     */
    void addResponseHeader(String name, String value);
}
