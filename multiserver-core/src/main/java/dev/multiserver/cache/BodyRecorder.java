package dev.multiserver.cache;

import java.nio.ByteBuffer;

/**
 * Copies a response body into the cache while the front-end streams it to the client. {@link #append} copies the
 * readable bytes of the buffer without changing its position, so a front-end can hand it the buffers it writes;
 * past the maximum object size the recorder gives up quietly and the response is not stored. Exactly one of
 * {@link #complete()} or {@link #abort()} ends it.
 *
 * <pre>{@code
 * recorder.append(chunk.nioBuffer());   // for each chunk, as it is written to the client
 * recorder.complete();                  // at the end of the body; abort() if it broke off
 * }</pre>
 */
public interface BodyRecorder {

    /** Copies the remaining bytes of {@code data}; its position is left as it was. */
    void append(ByteBuffer data);

    /** The body ended: the response is stored, and requests collapsed behind it are served from it. */
    void complete();

    /** The body broke off: nothing is stored, requests collapsed behind it forward themselves. */
    void abort();
}
