package dev.multiserver.balancer.route;

import static dev.multiserver.balancer.internal.Checks.checkArgument;
import static java.util.Objects.requireNonNull;

import dev.multiserver.balancer.internal.route.HeaderRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A complete response made by the balancer itself: status, headers and body. Immutable; one value may
 * answer any number of requests.
 *
 * <pre>{@code
 * LocalResponse.text(200, "hello\n")
 * LocalResponse.json(201, "{\"id\": 7}").withHeader("Location", "/users/7")
 * LocalResponse.redirect(308, "https://example.com/new")
 * LocalResponse.status(204)
 * }</pre>
 *
 * <p>The balancer adds {@code Content-Length} (and {@code Connection} when it closes the connection):
 * those, and the other headers that frame a message, cannot be set here. A response to {@code HEAD} is
 * sent without its body.
 */
public final class LocalResponse {

    private static final byte[] NO_BODY = new byte[0];
    private static final List<String> REDIRECTS = List.of("301", "302", "303", "307", "308");

    private final int status;
    /** Name and value pairs, in order: {@code [name0, value0, name1, value1, …]}. */
    private final List<String> headers;
    private final byte[] body;

    private LocalResponse(int status, List<String> headers, byte[] body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** A response with a body of {@code contentType}. */
    public static LocalResponse of(int status, String contentType, byte[] body) {
        requireNonNull(body, "body");
        checkStatus(status, body);
        String type = HeaderRules.checkValue(requireNonNull(contentType, "contentType"), "contentType",
                "Content-Type");
        return new LocalResponse(status, List.of("Content-Type", type), body.clone());
    }

    /** A {@code text/plain} response in UTF-8. */
    public static LocalResponse text(int status, String text) {
        return utf8(status, "text/plain; charset=utf-8", text, "text");
    }

    /** A {@code text/html} page in UTF-8. */
    public static LocalResponse html(int status, String html) {
        return utf8(status, "text/html; charset=utf-8", html, "html");
    }

    /** An {@code application/json} response, {@code json} as it is (not checked), in UTF-8. */
    public static LocalResponse json(int status, String json) {
        return utf8(status, "application/json", json, "json");
    }

    /**
     * A redirect to {@code location} (absolute, or relative to the request's URL) with no body. 308 and 307
     * keep the method and body; 301 and 302 let clients turn a POST into a GET; 303 asks for a GET.
     */
    public static LocalResponse redirect(int status, String location) {
        checkArgument(REDIRECTS.contains(Integer.toString(status)),
                "redirect status: %s (expected: 301, 302, 303, 307 or 308)", status);
        requireNonNull(location, "location");
        checkArgument(!location.isBlank(), "redirect location: '%s' (expected: a URL)", location);
        HeaderRules.checkValue(location, "redirect location", "Location");
        return new LocalResponse(status, List.of("Location", location), NO_BODY);
    }

    /** A response with no body and no headers, e.g. {@code status(204)}. */
    public static LocalResponse status(int status) {
        checkStatus(status, NO_BODY);
        return new LocalResponse(status, List.of(), NO_BODY);
    }

    private static LocalResponse utf8(int status, String contentType, String text, String what) {
        requireNonNull(text, what);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        checkStatus(status, body);
        return new LocalResponse(status, List.of("Content-Type", contentType), body);
    }

    private static void checkStatus(int status, byte[] body) {
        checkArgument(status >= 200 && status <= 599, "status: %s (expected: 200-599)", status);
        checkArgument(body.length == 0 || (status != 204 && status != 304),
                "status: %s has no body (expected: another status, or no body)", status);
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The first value of the header, or {@code null}. Names are case-insensitive. */
    public String header(String name) {
        requireNonNull(name, "name");
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    /** All values of the header, in order; empty when absent. */
    public List<String> headers(String name) {
        requireNonNull(name, "name");
        List<String> values = new ArrayList<>(1);
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                values.add(headers.get(i + 1));
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** Every header with its values, in the order set; names as first given. */
    public Map<String, List<String>> headers() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        Map<String, String> firstSpelling = new LinkedHashMap<>();
        forEachHeader((name, value) -> {
            String key = firstSpelling.computeIfAbsent(name.toLowerCase(Locale.ROOT), lower -> name);
            all.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
        });
        all.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(all);
    }

    /** Calls {@code action} with each header's name and value, in order. */
    public void forEachHeader(BiConsumer<String, String> action) {
        requireNonNull(action, "action");
        for (int i = 0; i < headers.size(); i += 2) {
            action.accept(headers.get(i), headers.get(i + 1));
        }
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as a read-only buffer, without copying it. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** This response with another status. */
    public LocalResponse withStatus(int status) {
        if (status == this.status) {
            return this;
        }
        checkStatus(status, body);
        return new LocalResponse(status, headers, body);
    }

    /** This response with the header set to {@code value}, replacing any of that name. */
    public LocalResponse withHeader(String name, String value) {
        checkHeader(name, value);
        List<String> changed = without(name);
        changed.add(name);
        changed.add(value);
        return new LocalResponse(status, List.copyOf(changed), body);
    }

    /** This response with {@code value} added to the header, keeping those it has (e.g. another {@code Set-Cookie}). */
    public LocalResponse withAddedHeader(String name, String value) {
        checkHeader(name, value);
        List<String> changed = new ArrayList<>(headers);
        changed.add(name);
        changed.add(value);
        return new LocalResponse(status, List.copyOf(changed), body);
    }

    /** This response without the header. */
    public LocalResponse withoutHeader(String name) {
        requireNonNull(name, "name");
        if (header(name) == null) {
            return this;
        }
        return new LocalResponse(status, List.copyOf(without(name)), body);
    }

    private static void checkHeader(String name, String value) {
        HeaderRules.checkEditable(name, "header");
        HeaderRules.checkValue(value, "header", name);
    }

    private List<String> without(String name) {
        List<String> kept = new ArrayList<>(headers.size() + 2);
        for (int i = 0; i < headers.size(); i += 2) {
            if (!headers.get(i).equalsIgnoreCase(name)) {
                kept.add(headers.get(i));
                kept.add(headers.get(i + 1));
            }
        }
        return kept;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalResponse other && status == other.status && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "LocalResponse[" + status + ", " + headers.size() / 2 + " header(s), " + body.length + " byte(s)]";
    }
}
