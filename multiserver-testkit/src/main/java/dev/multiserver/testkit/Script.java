package dev.multiserver.testkit;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * What a request's query string asks the {@link TestBackend} to do, such as {@code ?delay=200&status=503}.
 * Unknown parameters are ignored; a known one with a bad value, given twice, or combined wrongly is refused with
 * a message naming it.
 */
record Script(
        long delayMillis,
        HttpResponseStatus status,
        long size,
        boolean chunked,
        boolean echo,
        Close close,
        HttpHeaders headers,
        boolean sendContinue) {

    /** How the connection ends instead of with a normal response. */
    enum Close {
        NONE, BEFORE_RESPONSE, MID_BODY, RESET
    }

    /** Size of the truncated body promised by {@code close=mid-body}; only its first 1000 bytes are sent. */
    static final int MID_BODY_PROMISED = 1_000_000;
    static final int MID_BODY_SENT = 1000;

    /** @throws IllegalArgumentException naming the parameter at fault */
    static Script parse(String uri) {
        Map<String, List<String>> parameters = new QueryStringDecoder(uri).parameters();
        long delay = longValue(parameters, "delay", 0);
        long statusCode = longValue(parameters, "status", 200);
        check(statusCode >= 200 && statusCode <= 599, "status: %s (expected: 200..599)", statusCode);
        long size = longValue(parameters, "size", -1);
        boolean chunked = booleanValue(parameters, "chunked", false);
        boolean echo = booleanValue(parameters, "echo", false);
        boolean sendContinue = booleanValue(parameters, "continue", true);
        Close close = closeValue(parameters);
        check(!echo || size < 0, "echo=true cannot be combined with size");
        check(!echo || close == Close.NONE, "echo=true cannot be combined with close");
        return new Script(delay, HttpResponseStatus.valueOf((int) statusCode), size, chunked, echo, close,
                headers(parameters), sendContinue);
    }

    private static long longValue(Map<String, List<String>> parameters, String name, long absent) {
        String value = single(parameters, name);
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value);
            check(parsed >= 0, "%s: %s (expected: >= 0)", name, value);
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: a number)", e);
        }
    }

    private static boolean booleanValue(Map<String, List<String>> parameters, String name, boolean absent) {
        String value = single(parameters, name);
        if (value == null) {
            return absent;
        }
        check(value.equals("true") || value.equals("false"), "%s: %s (expected: true or false)", name, value);
        return Boolean.parseBoolean(value);
    }

    private static Close closeValue(Map<String, List<String>> parameters) {
        String value = single(parameters, "close");
        if (value == null) {
            return Close.NONE;
        }
        return switch (value) {
            case "before-response" -> Close.BEFORE_RESPONSE;
            case "mid-body" -> Close.MID_BODY;
            case "reset" -> Close.RESET;
            default -> throw new IllegalArgumentException(
                    "close: " + value + " (expected: before-response, mid-body or reset)");
        };
    }

    private static HttpHeaders headers(Map<String, List<String>> parameters) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String header : parameters.getOrDefault("header", List.of())) {
            int colon = header.indexOf(':');
            check(colon > 0, "header: %s (expected: Name:Value)", header);
            try {
                headers.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header: " + header + " (" + e.getMessage() + ")", e);
            }
        }
        return headers;
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        check(values.size() == 1, "%s: given %s times (expected: once)", name, values.size());
        return values.get(0);
    }

    private static void check(boolean condition, String format, Object... arguments) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, arguments));
        }
    }
}
