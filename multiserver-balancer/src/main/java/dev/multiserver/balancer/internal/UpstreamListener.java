package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What an {@link UpstreamHandler} tells the exchange that holds its connection: a client's {@link Exchange}, or a
 * {@link Revalidator} that refreshes a cache entry with no client waiting. Called on the connection's event loop.
 */
interface UpstreamListener {

    void onResponseHead(HttpResponse response);

    void onResponseContent(HttpContent content);

    void onUpstreamReadComplete();

    void onUpstreamWritabilityChanged();

    /** The connection closed or failed ({@code cause} null for a plain close) while the exchange held it. */
    void onUpstreamClosed(Throwable cause);

    /** The backend stayed silent for the response timeout. */
    void onResponseTimeout();
}
