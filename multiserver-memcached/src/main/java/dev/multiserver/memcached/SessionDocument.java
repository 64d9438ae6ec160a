package dev.multiserver.memcached;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.multiserver.session.SessionIds;
import dev.multiserver.session.StoredSession;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A session as the JSON document (UTF-8) stored in its memcached item, readable by any language:
 *
 * <pre>{@code
 * {"id":"3q2...","created":1700000000000,"accessed":1700000450000,"maxInactive":1800000,
 *  "attributes":{"user":"\"ada\"","cart":"{\"@type\":\"set\",\"value\":[1,2]}"}}
 * }</pre>
 *
 * <p>Times are epoch milliseconds, {@code maxInactive} is milliseconds (zero or negative: never expires). Each
 * attribute is the JSON text written by the session value codec, kept as a JSON string rather than embedded, so it
 * reads back exactly as it was written.
 */
final class SessionDocument {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            // "{...} garbage" is not a document this store wrote
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SessionDocument() {
    }

    static byte[] encode(StoredSession session) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("id", session.id());
        document.put("created", session.createdAt().toEpochMilli());
        document.put("accessed", session.lastAccessedAt().toEpochMilli());
        document.put("maxInactive", session.maxInactiveInterval().toMillis());
        ObjectNode attributes = document.putObject("attributes");
        session.attributes().forEach(attributes::put);
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            // a tree of strings and numbers always serializes
            throw new IllegalStateException("cannot write session " + SessionIds.abbreviate(session.id()) + " as JSON", e);
        }
    }

    /**
     * The session in a stored item, or empty when the item is not a session document for this id (another
     * program's data, or a document whose fields are missing or of the wrong type).
     */
    static Optional<StoredSession> decode(String id, byte[] item) {
        JsonNode document;
        try {
            document = MAPPER.readTree(item);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (document == null || !document.isObject()
                || !id.equals(text(document.get("id")))
                || !isLong(document.get("created"))
                || !isLong(document.get("accessed"))
                || !isLong(document.get("maxInactive"))
                || document.get("attributes") == null || !document.get("attributes").isObject()) {
            return Optional.empty();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = document.get("attributes").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isTextual()) {
                return Optional.empty();
            }
            attributes.put(field.getKey(), field.getValue().textValue());
        }
        return Optional.of(new StoredSession(id,
                Instant.ofEpochMilli(document.get("created").longValue()),
                Instant.ofEpochMilli(document.get("accessed").longValue()),
                Duration.ofMillis(document.get("maxInactive").longValue()),
                attributes));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static boolean isLong(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong();
    }
}
