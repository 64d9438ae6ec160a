package dev.multiserver.servlet.cache;

import dev.multiserver.cache.Admission;
import dev.multiserver.cache.CacheHeaders;
import dev.multiserver.cache.ResponseStart;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The response the application writes when it runs again to refresh a stale entry after the client already has
 * its answer: the head is kept here (the client's response is complete and must not change) and the body only goes
 * into the cache.
 */
final class RevalidationResponse extends RecordingResponse {

    private final Admission admission;
    private int status = SC_OK;
    private CacheHeaders headers = CacheHeaders.empty();
    private String characterEncoding;
    private boolean ended;

    RevalidationResponse(HttpServletResponse client, Admission admission) {
        super(client);
        this.admission = admission;
    }

    @Override
    OutputStream onHead() {
        if (status >= 500) {
            end();
            admission.onError(status);
            return null;
        }
        ResponseStart start = admission.onResponse(status, headers);
        start.recorder().ifPresent(this::record);
        return null;
    }

    /** The application returned: what it wrote is stored, as the cache decides. */
    void finish() throws IOException {
        completeBody();
    }

    /** The application threw: an upstream error for the cache. */
    void failed() {
        if (!started()) {
            startedElsewhere(null);
            end();
            admission.onError(500);
        } else {
            abortBody();
        }
    }

    /** The application went asynchronous: not something a refresh can wait for. */
    void detach() {
        abortBody();
        if (!ended) {
            end();
            admission.abandon();
        }
        startedElsewhere(null);
    }

    private void end() {
        ended = true;
    }

    private void change(Runnable change) {
        if (!started()) {
            change.run();
        }
    }

    @Override
    public void setStatus(int sc) {
        change(() -> status = sc);
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String message) {
        change(() -> {
            status = sc;
            try {
                start();
            } catch (IOException cannot) {
                throw new IllegalStateException(cannot);
            }
            abortBody();
        });
    }

    @Override
    public void sendError(int sc) {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location) {
        change(() -> {
            status = SC_FOUND;
            headers = headers.with("Location", location);
            sendError(SC_FOUND);
        });
    }

    @Override
    public void setHeader(String name, String value) {
        change(() -> headers = value == null ? headers.without(name) : headers.with(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
        change(() -> headers = CacheHeaders.builder().addAll(headers).add(name, value).build());
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, httpDate(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, httpDate(date));
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.contains(name);
    }

    @Override
    public String getHeader(String name) {
        return headers.first(name).orElse(null);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return headers.all(name);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.entries().stream().map(Map.Entry::getKey).distinct().toList();
    }

    @Override
    public void addCookie(Cookie cookie) {
        // enough for the cache to see that the response sets a cookie; it never stores the field itself
        addHeader("Set-Cookie", cookie.getName() + "=" + cookie.getValue());
    }

    @Override
    public void setContentType(String type) {
        if (type == null) {
            setHeader("Content-Type", null);
            return;
        }
        int charset = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (charset >= 0) {
            characterEncoding = type.substring(charset + 8).trim();
        }
        setHeader("Content-Type", charset < 0 && characterEncoding != null
                ? type + ";charset=" + characterEncoding : type);
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public void setCharacterEncoding(String charset) {
        change(() -> {
            characterEncoding = charset;
            String type = getHeader("Content-Type");
            if (type != null && charset != null) {
                int at = type.indexOf(';');
                headers = headers.with("Content-Type", (at < 0 ? type : type.substring(0, at)) + ";charset="
                        + charset);
            }
        });
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding != null ? characterEncoding : "ISO-8859-1";
    }

    @Override
    public void setContentLength(int length) {
        setContentLengthLong(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        setHeader("Content-Length", length < 0 ? null : Long.toString(length));
    }

    @Override
    public void setLocale(Locale locale) {
        // a refresh has no client to localize for
    }

    @Override
    public boolean isCommitted() {
        return started();
    }

    @Override
    public void reset() {
        abortBody();
        change(() -> {
            status = SC_OK;
            headers = CacheHeaders.empty();
        });
    }

    @Override
    public void resetBuffer() {
        abortBody();
    }

    @Override
    public void setBufferSize(int size) {
        // nothing is buffered here
    }

    private static String httpDate(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }
}
