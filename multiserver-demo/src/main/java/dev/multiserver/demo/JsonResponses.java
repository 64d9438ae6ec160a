package dev.multiserver.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes the API's JSON answers: a value with a status, or {@code {"error": "..."}}. */
final class JsonResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private JsonResponses() {
    }

    static void write(HttpServletResponse response, int status, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    /** Per-user answers: neither the balancer's edge cache nor a browser may keep them. */
    static void notStored(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
