package dev.multiserver.cache;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Copies a streaming body, giving up past the maximum object size. */
final class Recorder implements BodyRecorder {

    private final Exchange exchange;
    private final int status;
    private final CacheHeaders headers;
    private final long heuristicMillis;
    private final long requestTime;
    private final long responseTime;
    private final long maxObjectSize;
    private byte[] body = new byte[1024];
    private int length;
    private boolean ended;

    Recorder(Exchange exchange, int status, CacheHeaders headers, long heuristicMillis, long requestTime,
            long responseTime, long maxObjectSize) {
        this.exchange = exchange;
        this.status = status;
        this.headers = headers;
        this.heuristicMillis = heuristicMillis;
        this.requestTime = requestTime;
        this.responseTime = responseTime;
        this.maxObjectSize = maxObjectSize;
    }

    @Override
    public synchronized void append(ByteBuffer data) {
        java.util.Objects.requireNonNull(data, "data");
        if (ended) {
            return;
        }
        int remaining = data.remaining();
        if ((long) length + remaining > maxObjectSize) {
            // give up now, so that collapsed followers need not wait for the rest of a body that will not be stored
            ended = true;
            body = null;
            exchange.notStored();
            return;
        }
        if (length + remaining > body.length) {
            body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 8,
                    Math.max((long) length + remaining, 2L * body.length)));
        }
        data.duplicate().get(body, length, remaining);
        length += remaining;
    }

    @Override
    public synchronized void complete() {
        if (ended) {
            return;
        }
        ended = true;
        byte[] complete = Arrays.copyOf(body, length);
        body = null;
        CacheHeaders stored = status == 204 ? headers.without("Content-Length")
                : headers.with("Content-Length", Integer.toString(length));
        exchange.recorded(new Entry(status, stored, complete, requestTime, responseTime, heuristicMillis));
    }

    @Override
    public synchronized void abort() {
        if (ended) {
            return;
        }
        ended = true;
        body = null;
        exchange.notStored();
    }
}
