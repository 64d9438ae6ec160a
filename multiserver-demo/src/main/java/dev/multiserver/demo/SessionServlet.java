package dev.multiserver.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/session}: {@code GET} the attributes as a JSON object, {@code POST} a {@code key} and {@code value}
 * (form fields or a JSON object) and get the attributes back, {@code DELETE} to invalidate.
 */
final class SessionServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_JSON_BODY = 64 * 1024;
    private static final int MAX_KEY_LENGTH = 200;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.notStored(response);
        JsonResponses.write(response, HttpServletResponse.SC_OK, attributes(request.getSession(false)));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonResponses.notStored(response);
        Entry entry;
        try {
            entry = isJson(request) ? fromJson(request) : new Entry(request.getParameter("key"),
                    request.getParameter("value"));
            entry.check();
        } catch (BadRequest e) {
            JsonResponses.error(response, e.status, e.getMessage());
            return;
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(entry.key, entry.value);
        JsonResponses.write(response, HttpServletResponse.SC_OK, attributes(session));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) {
        JsonResponses.notStored(response);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** The attributes by name, sorted so that every worker shows them alike. */
    static Map<String, Object> attributes(HttpSession session) {
        Map<String, Object> attributes = new TreeMap<>();
        if (session != null) {
            for (String name : Collections.list(session.getAttributeNames())) {
                attributes.put(name, session.getAttribute(name));
            }
        }
        return attributes;
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static Entry fromJson(HttpServletRequest request) throws IOException, BadRequest {
        byte[] body = request.getInputStream().readNBytes(MAX_JSON_BODY + 1);
        if (body.length > MAX_JSON_BODY) {
            throw new BadRequest(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "body: more than " + MAX_JSON_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = JsonResponses.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("body: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (json == null || !json.isObject()) {
            throw new BadRequest("body: expected a JSON object with key and value");
        }
        return new Entry(text(json, "key"), text(json, "value"));
    }

    private static String text(JsonNode object, String field) throws BadRequest {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new BadRequest(field + ": expected a string, got " + value.getNodeType().toString()
                    .toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    /** One attribute to set. */
    private record Entry(String key, String value) {

        void check() throws BadRequest {
            if (key == null || key.isBlank()) {
                throw new BadRequest("key: missing (expected a form field or JSON member 'key')");
            }
            if (key.length() > MAX_KEY_LENGTH) {
                throw new BadRequest("key: " + key.length() + " characters (expected: at most " + MAX_KEY_LENGTH
                        + ")");
            }
            if (value == null) {
                throw new BadRequest("value: missing (expected a form field or JSON member 'value')");
            }
        }
    }

    /** What the client sent cannot be used; the message names the field. */
    private static final class BadRequest extends Exception {

        private static final long serialVersionUID = 1L;
        private final int status;

        BadRequest(String message) {
            this(HttpServletResponse.SC_BAD_REQUEST, message);
        }

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
