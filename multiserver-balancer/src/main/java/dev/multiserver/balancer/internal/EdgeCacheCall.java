package dev.multiserver.balancer.internal;

import dev.multiserver.cache.Admission;
import dev.multiserver.cache.BodyRecorder;
import dev.multiserver.cache.CachedResponse;
import dev.multiserver.cache.ResponseStart;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Optional;

/**
 * One forwarded request's way back into the edge cache: reports the upstream response head, copies the body into
 * the recorder as it streams past, and ends the engine's exchange exactly once on whatever path the proxy's
 * exchange ends (abandoning it when nothing else did).
 */
final class EdgeCacheCall {

    private final Admission admission;
    private BodyRecorder recorder;
    private boolean answered;
    private boolean ended;

    EdgeCacheCall(Admission admission) {
        this.admission = admission;
    }

    /** The final response head arrived from the backend: what to send the client instead of its headers. */
    ResponseStart onResponse(int status, HttpHeaders headers) {
        answered = true;
        ResponseStart start = admission.onResponse(status, EdgeCache.toCacheHeaders(headers));
        recorder = start.recorder().orElse(null);
        return start;
    }

    /** The backend failed (status 0) or answered an error: a stale copy to serve instead, when allowed. */
    Optional<CachedResponse> onError(int status) {
        if (answered) {
            return Optional.empty();
        }
        answered = true;
        ended = true;
        return admission.onError(status);
    }

    /** Copies the readable bytes of a body part; the buffer's indexes and ownership stay as they were. */
    void append(ByteBuf content) {
        if (recorder != null && content.isReadable()) {
            if (content.nioBufferCount() == 1) {
                recorder.append(content.nioBuffer());
            } else {
                for (java.nio.ByteBuffer part : content.nioBuffers()) {
                    recorder.append(part);
                }
            }
        }
    }

    /** The whole body went by: the response is stored. */
    void complete() {
        if (recorder != null && !ended) {
            ended = true;
            recorder.complete();
        }
    }

    /** The proxy's exchange is over: anything not finished is given up (aborting a partial body). */
    void end() {
        if (!ended) {
            ended = true;
            admission.abandon();
        }
    }
}
