package dev.multiserver.balancer.internal;

/**
 * What {@link FrontendHandler} tells its connection's timers: it waits for a request, or one arrived. An
 * HTTP/1.1 connection times the gaps between its requests ({@link RequestTimeouts}); an HTTP/2 stream
 * carries a single request and has no gaps, its connection being timed as a whole ({@link #NONE}).
 */
interface RequestTimer {

    /** For a connection whose gaps between requests are timed elsewhere. */
    RequestTimer NONE = new RequestTimer() {
        @Override
        public void awaitingRequest() {
        }

        @Override
        public void requestReceived() {
        }
    };

    /** Between requests: the next may be slow to come. */
    void awaitingRequest();

    /** A request head arrived: the exchange times itself from here. */
    void requestReceived();
}
