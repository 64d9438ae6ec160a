package dev.multiserver.balancer.internal.route;

import dev.multiserver.balancer.route.HeaderEdits;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link HeaderEdits} of one request's middleware. Edits are checked when made and recorded; the
 * request's are made on the event loop once the middleware has finished (it may record them on another
 * thread), the response's when the response is about to be written. Only a middleware that is running may
 * record: it is opened before each one and closed after.
 */
public final class RecordedEdits implements HeaderEdits {

    private enum Kind { SET, ADD, REMOVE }

    private record Edit(Kind kind, String name, String value) {

        void applyTo(HttpHeaders headers) {
            switch (kind) {
                case SET -> headers.set(name, value);
                case ADD -> headers.add(name, value);
                case REMOVE -> headers.remove(name);
            }
        }
    }

    private final List<Edit> requestEdits = new ArrayList<>(2);
    private List<Edit> responseEdits;
    private volatile boolean open;

    /** A middleware starts: it may record edits until {@link #close()}. */
    public void open() {
        open = true;
    }

    public void close() {
        open = false;
    }

    /** Makes the request edits recorded since the last call to {@code headers}; false when there were none. */
    public boolean applyRequestEdits(HttpHeaders headers) {
        if (requestEdits.isEmpty()) {
            return false;
        }
        requestEdits.forEach(edit -> edit.applyTo(headers));
        requestEdits.clear();
        return true;
    }

    /** Makes every response edit, in the order recorded, to a response's headers. */
    public void applyResponseEdits(HttpHeaders headers) {
        if (responseEdits != null) {
            responseEdits.forEach(edit -> edit.applyTo(headers));
        }
    }

    @Override
    public HeaderEdits setRequestHeader(String name, String value) {
        return request(Kind.SET, name, value);
    }

    @Override
    public HeaderEdits addRequestHeader(String name, String value) {
        return request(Kind.ADD, name, value);
    }

    @Override
    public HeaderEdits removeRequestHeader(String name) {
        return request(Kind.REMOVE, name, null);
    }

    @Override
    public HeaderEdits setResponseHeader(String name, String value) {
        return response(Kind.SET, name, value);
    }

    @Override
    public HeaderEdits addResponseHeader(String name, String value) {
        return response(Kind.ADD, name, value);
    }

    @Override
    public HeaderEdits removeResponseHeader(String name) {
        return response(Kind.REMOVE, name, null);
    }

    private HeaderEdits request(Kind kind, String name, String value) {
        requestEdits.add(checked(kind, name, value, "request header"));
        return this;
    }

    private HeaderEdits response(Kind kind, String name, String value) {
        Edit edit = checked(kind, name, value, "response header");
        if (responseEdits == null) {
            responseEdits = new ArrayList<>(2);
        }
        responseEdits.add(edit);
        return this;
    }

    private Edit checked(Kind kind, String name, String value, String what) {
        if (!open) {
            throw new IllegalStateException(what + " " + name + ": edited after the middleware finished (expected: "
                    + "edits before it returns, or before its stage completes)");
        }
        HeaderRules.checkEditable(name, what);
        if (kind != Kind.REMOVE) {
            HeaderRules.checkValue(value, what, name);
        }
        return new Edit(kind, name, value);
    }
}
