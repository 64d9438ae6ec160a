package dev.multiserver.balancer.internal;

import io.netty.handler.codec.http.HttpContent;

/**
 * What {@link FrontendHandler} runs for one request at a time: the proxy's {@link Exchange}, or a
 * {@link LocalExchange} that answers the request itself or hands it on to one. Every method runs on the
 * client connection's event loop; the exchange tells the frontend when it is over
 * ({@link FrontendHandler#exchangeEnded}).
 */
abstract class ClientExchange {

    abstract void start();

    /** Whether the request has been read whole; until then, the body's parts go to {@link #onRequestContent}. */
    abstract boolean isRequestComplete();

    /** A piece of the request body (or its end), read from the client. */
    abstract void onRequestContent(HttpContent content);

    abstract void onClientClosed();

    abstract void onClientWritabilityChanged();
}
